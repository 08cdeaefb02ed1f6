// queue.js - offline outbox of the grid worker's page (IndexedDB database "lianxin", outbox.js), replayed when online
// Submissions that could not be sent are kept with their idempotency_key and
// replayed later; the server stores a key once, so a submission sent twice is
// one request.
import { reactive } from 'vue'
import { api } from '../api.js'
import { outbox, worthRetrying } from './outbox.js'

const box = outbox('lianxin')
export const queue = reactive({ items: [], syncing: false, lastError: '', needLogin: false })

export async function refresh() {
  queue.items = await box.all()
  return queue.items
}

export async function enqueue(body, error = '') {
  await box.put({ ...body, saved_at: new Date().toISOString(), error })
  await refresh()
}

export async function remove(key) {
  await box.remove(key)
  await refresh()
}

const payload = (rec) => {
  const b = { ...rec }
  delete b.saved_at
  delete b.error
  delete b.label
  return b
}

// Send one submission: { ok, data } or { ok: false, keep, error }.
export async function send(body) {
  try {
    const data = await api.post('/requests', payload(body), { silent: true })
    return { ok: true, data }
  } catch (err) {
    return { ok: false, keep: worthRetrying(err), error: err }
  }
}

// Replay the queue in order (on `online` and at start).
export async function replay(onSent) {
  if (queue.syncing) return
  queue.syncing = true
  queue.lastError = ''
  queue.needLogin = false
  try {
    for (const rec of await refresh()) {
      if (rec.error) continue
      const r = await send(rec)
      if (r.ok) {
        await remove(rec.idempotency_key)
        if (onSent) onSent(r.data)
      } else if (r.keep) {
        if (r.error.status === 401) queue.needLogin = true
        break
      } else {
        await box.put({ ...rec, error: r.error.message_zh || r.error.message || 'error' })
      }
    }
  } finally {
    queue.syncing = false
    await refresh().catch(() => {})
  }
}

// queue.js - offline outbox of the grid worker's page (IndexedDB), replayed when online
// Offline queue of the grid worker's page: submissions that could not be sent
// are kept in IndexedDB (database "lianxin", store "outbox") with their
// idempotency_key and replayed later; the server stores a key once, so a
// submission sent twice is one request.
import { reactive } from 'vue'
import { api } from '../api.js'

const DB = 'lianxin'
const STORE = 'outbox'
export const queue = reactive({ items: [], syncing: false, lastError: '', needLogin: false })

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'idempotency_key' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function tx(mode, fn) {
  const db = await openDb()
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode)
      const st = t.objectStore(STORE)
      let out
      Promise.resolve(fn(st)).then((v) => { out = v })
      t.oncomplete = () => resolve(out)
      t.onerror = () => reject(t.error)
      t.onabort = () => reject(t.error)
    })
  } finally {
    db.close()
  }
}

export async function refresh() {
  const all = await tx('readonly', (st) => new Promise((resolve) => {
    const r = st.getAll()
    r.onsuccess = () => resolve(r.result || [])
    r.onerror = () => resolve([])
  }))
  queue.items = (all || []).sort((a, b) => (a.saved_at || '').localeCompare(b.saved_at || ''))
  return queue.items
}

export async function enqueue(body, error = '') {
  const rec = { ...body, saved_at: new Date().toISOString(), error }
  await tx('readwrite', (st) => { st.put(JSON.parse(JSON.stringify(rec))) })
  await refresh()
}

export async function remove(key) {
  await tx('readwrite', (st) => { st.delete(key) })
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
    // network trouble, a session to renew or a server fault: keep it for later;
    // a 4xx answer about the data will not get better by retrying.
    const keep = err.network || err.status === 0 || err.status === 401 || err.status === 429 || err.status >= 500 ||
      (err.status === 403 && err.code === 'password_change_required')
    return { ok: false, keep, error: err }
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
        await tx('readwrite', (st) => { st.put({ ...JSON.parse(JSON.stringify(rec)), error: r.error.message_zh || r.error.message || 'error' }) })
      }
    }
  } finally {
    queue.syncing = false
    await refresh().catch(() => {})
  }
}

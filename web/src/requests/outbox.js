// outbox.js - submissions that could not be sent, kept on the phone (IndexedDB) with their idempotency_key until
// they are; no framework, so the public form (web/public-request.html) uses it as the grid worker's queue does.
// The server stores a key once, so an entry sent twice (a reply lost on a weak signal) is one request.

// A random UUID v4 (crypto.randomUUID needs a secure context; plain http on a
// village LAN is not one, crypto.getRandomValues works everywhere).
export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    try { return window.crypto.randomUUID() } catch (_) { /* insecure context */ }
  }
  const b = window.crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// A failed send worth retrying later: no network, a server fault, too many at once, a session to renew; an
// answer about the data itself (another 4xx) will not get better by sending it again.
export const worthRetrying = (err) => err.network || err.status === 0 || err.status === 401 || err.status === 429 ||
  err.status >= 500 || (err.status === 403 && err.code === 'password_change_required')

const STORE = 'outbox'

// The outbox of IndexedDB database `name`: all() oldest first, put(entry), remove(key).
export function outbox(name) {
  const open = () => new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1)
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'idempotency_key' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  async function tx(mode, fn) {
    const db = await open()
    try {
      return await new Promise((resolve, reject) => {
        const t = db.transaction(STORE, mode)
        let out
        Promise.resolve(fn(t.objectStore(STORE))).then((v) => { out = v })
        t.oncomplete = () => resolve(out)
        t.onerror = () => reject(t.error)
        t.onabort = () => reject(t.error)
      })
    } finally {
      db.close()
    }
  }
  return {
    async all() {
      const items = await tx('readonly', (st) => new Promise((resolve) => {
        const r = st.getAll()
        r.onsuccess = () => resolve(r.result || [])
        r.onerror = () => resolve([])
      }))
      return (items || []).sort((a, b) => (a.saved_at || '').localeCompare(b.saved_at || ''))
    },
    put: (entry) => tx('readwrite', (st) => { st.put(JSON.parse(JSON.stringify(entry))) }),
    remove: (key) => tx('readwrite', (st) => { st.delete(key) })
  }
}

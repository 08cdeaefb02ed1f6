// visitQueue.js - the phone visit page's offline outbox (IndexedDB "lianxin-visits"), replayed when online
// Visits that could not be sent are kept with their client_key and their
// photos (downscaled JPEG blobs) and sent again later; the server stores a
// key once, so a visit sent twice is one visit (POST /visits answers the
// stored one with 200), and a photo by its SHA-256, so a photo sent twice is
// one photo (200 with the stored one).
import { reactive } from 'vue'
import { api, uploadFile } from '../api.js'

const DB = 'lianxin-visits'
const STORE = 'outbox'
export const visitQueue = reactive({ items: [], syncing: false, needLogin: false })

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'client_key' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function run(mode, fn) {
  const db = await openDb()
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const out = fn(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(out && out.result !== undefined ? out.result : undefined)
      tx.onerror = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

export async function loadVisits() {
  visitQueue.items = (await run('readonly', (st) => st.getAll())) || []
}

export async function keepVisit(v) {
  await run('readwrite', (st) => st.put(v))
  await loadVisits()
}

export async function dropVisit(key) {
  await run('readwrite', (st) => st.delete(key))
  await loadVisits()
}

// A new client key: the device, the time and a random part.
export function newKey() {
  const r = crypto.getRandomValues(new Uint32Array(2))
  return `v-${Date.now().toString(36)}-${r[0].toString(36)}${r[1].toString(36)}`
}

// A Blob as a data: URL (the page's CSP allows data: images, not blob:).
export function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(r.result)
    r.onerror = () => reject(r.error)
    r.readAsDataURL(blob)
  })
}

async function decode(file) {
  if (window.createImageBitmap) {
    try { return await createImageBitmap(file) } catch (_) { /* the element below */ }
  }
  const url = await dataUrl(file)
  return new Promise((resolve, reject) => {
    const im = new Image()
    im.onload = () => resolve(im)
    im.onerror = () => reject(new Error('not an image'))
    im.src = url
  })
}

// A photo from the camera made light on the phone: at most max pixels a side, JPEG at quality.
export async function downscale(file, max = 1280, quality = 0.8) {
  const img = await decode(file)
  const w0 = img.naturalWidth || img.width, h0 = img.naturalHeight || img.height
  const scale = Math.min(1, max / Math.max(w0, h0))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(w0 * scale))
  canvas.height = Math.max(1, Math.round(h0 * scale))
  canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height)
  if (img.close) img.close()
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', quality))
}

// Send one visit, then its photos to the visit the server answers (new or stored).
export async function sendOne(v) {
  const body = { ...v }
  for (const k of ['error', 'saved_at', 'label', 'photos']) delete body[k]
  const visit = await api.post('/visits', body)
  for (const p of v.photos || []) await uploadFile(`/visits/${visit.id}/photos`, p)
  return visit
}

// Send every kept visit; a visit the server refuses (400/404) keeps its error, a lost network stops.
export async function sendVisits() {
  if (visitQueue.syncing) return 0
  visitQueue.syncing = true
  let sent = 0
  try {
    for (const v of [...visitQueue.items]) {
      try {
        await sendOne(v)
        await dropVisit(v.client_key)
        sent++
      } catch (err) {
        if (err.network || err.status === 0) break
        if (err.status === 401) { visitQueue.needLogin = true; break }
        await keepVisit({ ...v, error: err.message || String(err.status) })
      }
    }
  } finally {
    visitQueue.syncing = false
  }
  return sent
}

// api.js - fetch wrapper for /api/v1 (cookie session, X-CSRF-Token, errors as ApiError)
// The session token lives in an HttpOnly cookie (same origin); the CSRF token is kept in
// memory + sessionStorage and sent as X-CSRF-Token on state-changing requests.

const CSRF_KEY = 'lianxin.csrf'
let csrfToken = null
try { csrfToken = sessionStorage.getItem(CSRF_KEY) } catch (_) { /* ignore */ }

export function setCsrf(token) {
  csrfToken = token || null
  try {
    if (csrfToken) sessionStorage.setItem(CSRF_KEY, csrfToken)
    else sessionStorage.removeItem(CSRF_KEY)
  } catch (_) { /* ignore */ }
}

export class ApiError extends Error {
  constructor(status, body, network = false) {
    const e = (body && body.error) || {}
    super(e.message_en || e.code || (network ? 'network error' : 'HTTP ' + status))
    this.status = status
    this.code = e.code || (network ? 'network_error' : 'http_' + status)
    this.message_zh = e.message_zh || ''
    this.message_en = e.message_en || ''
    this.field = e.field || null
    this.network = network
  }
}

// Hooks installed by the store/router for global session handling.
const hooks = { onUnauthorized: null, onPasswordChangeRequired: null }
export function setApiHooks(h) { Object.assign(hooks, h) }

export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' }
  const m = method.toUpperCase()
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (m !== 'GET' && m !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch('/api/v1' + path, {
      method: m,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined
    })
  } catch (e) {
    throw new ApiError(0, null, true)
  }
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch (_) { data = null }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (!opts.silent) {
      if (res.status === 401 && err.code === 'not_logged_in' && hooks.onUnauthorized) hooks.onUnauthorized(err)
      if (res.status === 403 && err.code === 'password_change_required' && hooks.onPasswordChangeRequired) hooks.onPasswordChangeRequired(err)
    }
    throw err
  }
  return data
}

export const api = {
  get: (p, o) => request('GET', p, undefined, o),
  post: (p, b, o) => request('POST', p, b === undefined ? {} : b, o),
  put: (p, b, o) => request('PUT', p, b, o),
  patch: (p, b, o) => request('PATCH', p, b, o),
  del: (p, o) => request('DELETE', p, undefined, o)
}

// Raw requests for files: upload a File/Blob as the body (its own Content-Type),
// fetch a binary answer. Errors are ApiError as above (JSON error bodies parsed).
async function rawFetch(method, path, body, contentType) {
  const headers = { Accept: 'application/json, */*' }
  if (contentType) headers['Content-Type'] = contentType
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch('/api/v1' + path, { method, headers, credentials: 'same-origin', body })
  } catch (_) {
    throw new ApiError(0, null, true)
  }
  return res
}

async function jsonOf(res) {
  const text = await res.text()
  if (!text) return null
  try { return JSON.parse(text) } catch (_) { return null }
}

// POST a file; answers { status, ok, data } where data is the parsed JSON (also for
// 400 with a report); other failures throw ApiError.
export async function uploadFile(path, file) {
  const type = file.type || (/\.xlsx$/i.test(file.name || '') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv')
  const res = await rawFetch('POST', path, file, type)
  const data = await jsonOf(res)
  if (!res.ok && !(res.status === 400 && data && Array.isArray(data.errors))) throw new ApiError(res.status, data)
  return { status: res.status, ok: res.ok, data }
}

// Fetch a file (GET, or POST with a file body) and save it under its name.
export async function downloadFile(method, path, fallbackName, file) {
  const res = await rawFetch(method, path, file, file ? (file.type || 'text/csv') : undefined)
  if (!res.ok) {
    const ct = res.headers.get('Content-Type') || ''
    if (!ct.includes('json')) throw new ApiError(res.status, null)
    throw new ApiError(res.status, await jsonOf(res))
  }
  const blob = await res.blob()
  const cd = res.headers.get('Content-Disposition') || ''
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd)
  const name = m ? decodeURIComponent(m[1] || m[2]) : fallbackName
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return name
}

// Every row of a list's filters as a file (?format=csv|xlsx on the list's own path); while it runs,
// onProgress(rows, total) about once a second from GET /exports/progress. Resolves with the file's name.
export async function exportList(path, query, format, onProgress) {
  const token = 'lx' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10)
  const qs = new URLSearchParams(query)
  qs.delete('page')
  qs.delete('page_size')
  qs.set('format', format)
  qs.set('progress', token)
  let running = true
  const poll = async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      if (!running) break
      try {
        const p = await api.get('/exports/progress?token=' + token)
        if (running && onProgress) onProgress(p.rows, p.total)
      } catch (_) { /* not begun yet, or another process: the file still comes */ }
    }
  }
  poll()
  try {
    return await downloadFile('GET', path + '?' + qs.toString(), path.split('/').pop() + '.' + format)
  } finally {
    running = false
  }
}

// True when the route does not exist on this server yet (404 without a record, 405).
export function notAvailable(err) {
  return !!err && (err.status === 405 || (err.status === 404 && (err.code === 'not_found' || err.code === 'http_404')))
}

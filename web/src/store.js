// store.js - reactive app store: session user, server health, the header's selected division
import { reactive } from 'vue'
import { api, setCsrf } from './api.js'

export const store = reactive({
  user: null,          // { id, username, display_name, role, scopes, must_change_password, permissions }
  ready: false,        // /me has been attempted
  health: null,        // { status, db, version } or null
  healthError: false,
  division: null,      // { code, name } selected in the header division selector
  unreachable: false,  // /me failed for want of a network (offline pages may open)
  offlineUser: null    // then: who last used this browser (name, role, scopes; no secrets), for the phone pages
})

let initPromise = null

// Restore the session once at app start (called from the router guard).
export function initSession() {
  if (!initPromise) {
    initPromise = api.get('/me', { silent: true })
      .then((d) => { setSession(d); store.unreachable = false })
      .catch((err) => {
        store.unreachable = !!(err && err.network)
        if (store.unreachable) store.offlineUser = lastUser()
        clearSession(store.unreachable)
      })
      .finally(() => { store.ready = true })
    loadHealth()
  }
  return initPromise
}

const LAST_USER = 'lianxin.lastUser'
function lastUser() {
  try { return JSON.parse(localStorage.getItem(LAST_USER) || 'null') } catch (_) { return null }
}

// Ask /me again (the network is back): the session and its CSRF token before queued entries are sent.
export function refreshSession() {
  initPromise = null
  return initSession()
}

export function setSession(d) {
  store.user = (d && d.user) || null
  if (store.user) {
    const u = store.user
    try { localStorage.setItem(LAST_USER, JSON.stringify({ username: u.username, display_name: u.display_name, role: u.role, scopes: u.scopes })) } catch (_) { /* ignore */ }
  }
  if (d && d.csrf_token) setCsrf(d.csrf_token)
}

// keepLast: offline, the last user's name and scopes stay for the phone pages
export function clearSession(keepLast = false) {
  store.user = null
  if (!keepLast) try { localStorage.removeItem(LAST_USER) } catch (_) { /* ignore */ }
  store.division = null
  if (!keepLast) setCsrf(null)
}

export async function loadHealth() {
  try {
    store.health = await api.get('/health', { silent: true })
    store.healthError = false
  } catch (_) {
    store.health = null
    store.healthError = true
  }
}

export async function login(username, password) {
  const d = await api.post('/auth/login', { username, password }, { silent: true })
  setSession(d)
  return d.user
}

export async function logout() {
  try { await api.post('/auth/logout', {}, { silent: true }) } catch (_) { /* session may already be gone */ }
  clearSession()
}

export async function changePassword(oldPassword, newPassword) {
  const d = await api.post('/me/password', { old_password: oldPassword, new_password: newPassword }, { silent: true })
  if (d && d.user) store.user = d.user
  else if (store.user) store.user = { ...store.user, must_change_password: false }
  if (d && d.csrf_token) setCsrf(d.csrf_token)
  return store.user
}

export function selectDivision(div) { store.division = div }

// May the user do perm ("data_write", "settings_write", "import", "audit_read", ...)? From GET /me's
// permissions, which come from the server's role table: the menu, the pages and the buttons ask here.
export function can(perm) {
  return !!store.user && Array.isArray(store.user.permissions) && store.user.permissions.includes(perm)
}

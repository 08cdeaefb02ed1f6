// store.js - reactive app store: session user, server health, the header's selected division
import { reactive } from 'vue'
import { api, setCsrf } from './api.js'

export const store = reactive({
  user: null,          // { id, username, display_name, role, scopes, must_change_password }
  ready: false,        // /me has been attempted
  health: null,        // { status, db, version } or null
  healthError: false,
  division: null,      // { code, name } selected in the header division selector
  unreachable: false   // /me failed for want of a network (offline pages may open)
})

let initPromise = null

// Restore the session once at app start (called from the router guard).
export function initSession() {
  if (!initPromise) {
    initPromise = api.get('/me', { silent: true })
      .then((d) => { setSession(d); store.unreachable = false })
      .catch((err) => { clearSession(); store.unreachable = !!(err && err.network) })
      .finally(() => { store.ready = true })
    loadHealth()
  }
  return initPromise
}

export function setSession(d) {
  store.user = (d && d.user) || null
  if (d && d.csrf_token) setCsrf(d.csrf_token)
}

export function clearSession() {
  store.user = null
  store.division = null
  setCsrf(null)
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

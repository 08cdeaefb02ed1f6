// places.js - the places below a division by name, for the pickers (PlacePicker.vue, the plain public form):
// the public look-up (no login) or the staff's division tree, kept in localStorage so a page opened offline
// still names its places. Plain (no Vue).
import { api } from '../api.js'

// The children of parent ('' = the public look-up's counties): [{ code, name }]; the saved list when offline.
export async function placeChildren(source, parent) {
  const key = 'lianxin.places.' + source + '.' + (parent || 'root')
  try {
    const d = source === 'public'
      ? await api.get('/public/divisions' + (parent ? '?parent=' + encodeURIComponent(parent) : ''), { silent: true })
      : await api.get('/divisions/' + encodeURIComponent(parent) + '/children?page_size=200', { silent: true })
    const items = ((d && d.items) || []).map((x) => ({ code: String(x.code), name: x.name || String(x.code) }))
    try { localStorage.setItem(key, JSON.stringify(items)) } catch (_) { /* full or private */ }
    return items
  } catch (_) {
    try { return JSON.parse(localStorage.getItem(key) || '[]') } catch (_e) { return [] }
  }
}

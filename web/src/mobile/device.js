// device.js - is this a phone (narrow screen or a coarse pointer)? and the user's own choice of layout
// (a desktop user may open the phone pages, a phone user the desktop), kept in localStorage
const KEY = 'lianxin.layout'

export function isPhone() {
  try {
    return window.matchMedia('(max-width: 768px)').matches || window.matchMedia('(pointer: coarse) and (max-width: 1024px)').matches
  } catch (_) {
    return false
  }
}

// true: the desktop even on a phone; false: the phone pages
export function preferDesktop(v) {
  try { localStorage.setItem(KEY, v ? 'desktop' : 'mobile') } catch (_) { /* ignore */ }
}

// Where a login lands: the phone home on a phone, unless the user chose the desktop.
export function landing() {
  let choice = null
  try { choice = localStorage.getItem(KEY) } catch (_) { /* ignore */ }
  if (choice === 'desktop') return '/'
  if (choice === 'mobile') return '/m'
  return isPhone() ? '/m' : '/'
}

// util.js - helpers shared by the divisions & organisations components: paged fetch, level names, division fields, field errors.
import { api } from '../api.js'
import { t, errorText } from '../i18n.js'
import { meta, fieldOf } from '../meta.js'

// Every page of a list endpoint (200 a page, at most `max` rows): { items, total }.
export async function fetchAll(path, max = 2000) {
  const out = []
  const sep = path.includes('?') ? '&' : '?'
  for (let page = 1; page <= 20; page++) {
    const d = await api.get(`${path}${sep}page=${page}&page_size=200`)
    const items = (d && d.items) || []
    out.push(...items)
    const total = d && typeof d.total === 'number' ? d.total : out.length
    if (!items.length || out.length >= total || out.length >= max) return { items: out, total }
  }
  return { items: out, total: out.length }
}

export function dfield(name) { return meta.loaded ? fieldOf('division', name) : null }
export function levelText(l) { const s = t('divs.levels.' + l); return s.startsWith('divs.') ? (l || '') : s }

// Put a server error on its field (when the form has it) or as the general message.
export function applyError(target, e, known) {
  for (const k of Object.keys(target)) delete target[k]
  if (e.field && known.includes(e.field)) target[e.field] = errorText(e)
  target.general = e.field && known.includes(e.field) ? t('list.fixErrors') : errorText(e)
}

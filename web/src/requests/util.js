// util.js - requests helpers: action buttons, status tags, closed, labels, China time, categories
import { reactive } from 'vue'
import { t, locale } from '../i18n.js'
import { meta, dictLabel } from '../meta.js'
import { fetchCategories, categoryLabel } from './categories.js'
import './requests.css'

// The buttons of the actions, in this order: their look and the input each
// asks for. Which ones show is the server's `allowed_actions` (by the
// caller's role, the request's status and kind).
export const ACTIONS = [
  { action: 'sign', type: 'primary' },
  { action: 'start', type: 'primary' },
  { action: 'reply', type: 'primary', input: 'reply' },
  { action: 'visit', type: 'primary', input: 'satisfaction' },
  { action: 'close', type: 'success' },
  { action: 'transfer', input: 'org_id' },
  { action: 'return', input: 'note' },
  { action: 'mediate', input: 'outcome' },
  { action: 'reopen', type: 'warning' },
  { action: 'merge', input: 'into' },
  { action: 'withdraw', type: 'danger' },
  { action: 'note', input: 'note' }
]
export function actionsFor(req) {
  const allowed = (req && req.allowed_actions) || []
  return ACTIONS.filter((a) => allowed.includes(a.action))
}

// Whether a request is closed (办结 / merged / withdrawn) is the server's word:
// the boolean `closed` on each request it sends. Absent (an older server) counts as open.
export const isClosed = (req) => !!(req && req.closed === true)

// Colours of the status tags (presentation only; the labels come from the dictionary).
export const STATUS_TAG = {
  submitted: 'danger', transferred: 'warning', signed: 'warning', in_progress: 'warning', replied: 'success', visited: 'success',
  closed: 'info', reopened: 'danger', returned: 'warning', merged: 'info', withdrawn: 'info'
}
export const statusTag = (s) => STATUS_TAG[s] || 'info'
const fromDict = (dict, code, key) => {
  if (code === null || code === undefined || code === '') return ''
  if (meta.loaded && meta.dictionaries[dict]) return dictLabel(dict, code)
  const s = t(key + '.' + code)
  return s === key + '.' + code ? String(code) : s
}
export const statusLabel = (s) => fromDict('request_status', s, 'rq.st')
export const satisfactionLabel = (s) => fromDict('satisfaction', s, 'rq.sat')
export const channelLabel = (s) => dictLabel('request_channel', s)
export const urgencyLabel = (s) => dictLabel('urgency', s)
export const kindLabel = (s) => dictLabel('request_kind', s)

// Traffic light of timeliness {state, stage, due}.
export const TL_TAG = { on_time: 'success', at_risk: 'warning', overdue: 'danger', late: 'info' }
export const tlTag = (tl) => TL_TAG[tl && tl.state] || 'info'
export const tlLabel = (tl) => (tl && tl.state ? t('rq.tl.' + tl.state) : '')
export function actionLabel(a) {
  const s = t('rq.act.' + a)
  return s === 'rq.act.' + a ? a : s
}

// Times in China time (the server's deadlines and periods are): "2026-11-22T22:20:05Z" -> "2026-11-23 06:20".
// China keeps UTC+8 all year (no daylight saving since 1991), so the time is shifted by 8 hours, not formatted by
// Intl.DateTimeFormat with a time zone: making that formatter loads the browser's time-zone data, 85 ms of one
// task on a fast machine when this module is first evaluated (the public form's and the phone home's first load).
function parts(d) {
  const x = new Date(d.getTime() + 8 * 3600 * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return { year: x.getUTCFullYear(), month: p(x.getUTCMonth() + 1), day: p(x.getUTCDate()), hour: p(x.getUTCHours()), minute: p(x.getUTCMinutes()) }
}
export function fmtTime(iso, withTime = true) {
  if (!iso) return ''
  const d = new Date(iso)
  if (isNaN(d.getTime())) return String(iso)
  const o = parts(d)
  const day = `${o.year}-${o.month}-${o.day}`
  return withTime ? `${day} ${o.hour}:${o.minute}` : day
}
// Today (or a Date) as YYYY-MM-DD in China time.
export const chinaDay = (d = new Date()) => fmtTime(d.toISOString(), false)

// Categories from the public endpoint, cached (also in localStorage for the offline page: categories.js).
export const cats = reactive({ items: [], loaded: false })
let catPromise = null
export function loadCategories() {
  if (!catPromise) {
    catPromise = fetchCategories()
      .then(({ items, fresh }) => {
        cats.items = items
        cats.loaded = true
        if (!fresh) catPromise = null   // the saved copy: asked again next time
        return items
      })
      .catch((e) => { catPromise = null; throw e })
  }
  return catPromise
}
export const catName = (c) => categoryLabel(c, locale.value)
export function categoryName(code) {
  const c = cats.items.find((x) => x.code === code)
  return c ? catName(c) : code
}
// Options of an el-cascader: top-level categories with their sub-categories
// (a parent with children is also selectable as "其他/general" via checkStrictly).
export function categoryOptions() {
  const tops = cats.items.filter((c) => !c.parent_code)
  return tops.map((c) => {
    const kids = cats.items.filter((x) => x.parent_code === c.code).map((x) => ({ value: x.code, label: catName(x) }))
    return { value: c.code, label: catName(c), children: kids.length ? kids : undefined }
  })
}
// A request's category in the current language: the server's category_name is Chinese, so in English
// the category list's name_en (loaded once, on first use) names it.
export function requestCategory(r) {
  if (!r) return ''
  if (locale.value === 'en') {
    if (!cats.loaded) loadCategories().catch(() => {})
    else return categoryName(r.category)
  }
  return r.category_name || categoryName(r.category)
}
export const cascaderProps = { checkStrictly: true, emitPath: false }
export const lastOf = (v) => (Array.isArray(v) ? v[v.length - 1] : v)

export { uuid } from './outbox.js'

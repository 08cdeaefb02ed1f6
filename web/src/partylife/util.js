// util.js - party-life helpers: China-time formats, periods, confirmed deletes, rate charts, paged fetch
import { computed } from 'vue'
import { ElMessage } from 'element-plus/es/components/message/index.mjs'
import { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'
import { store } from '../store.js'
import { api } from '../api.js'
import { dictLabel } from '../meta.js'
import { t, errorText, addMessages } from '../i18n.js'
import { plZh, plEn } from './messages.js'

addMessages('pl', plZh, plEn)   // pl.* with the party-life pages, which all import this file

// The header division's code ('' = the whole scope).
export const divisionCode = computed(() => (store.division && store.division.code) || '')

const fmtCache = {}
function parts(iso, withTime) {
  if (!iso) return ''
  const d = new Date(iso)
  if (isNaN(d)) return String(iso)
  const key = withTime ? 't' : 'd'
  if (!fmtCache[key]) {
    fmtCache[key] = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {})
    })
  }
  const p = Object.fromEntries(fmtCache[key].formatToParts(d).map((x) => [x.type, x.value]))
  const day = `${p.year}-${p.month}-${p.day}`
  return withTime ? `${day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}` : day
}
// China time of an ISO timestamp: "2026-11-03 09:00" / "2026-11-03".
export const fmtTime = (iso) => parts(iso, true)
export const fmtDay = (iso) => parts(iso, false)

// "2026-11-03 09:00:00" (el-date-picker value) -> ISO 8601 in China time.
export function toIso(v) {
  if (!v) return ''
  const s = String(v).trim().replace(' ', 'T')
  return (s.length === 16 ? s + ':00' : s) + '+08:00'
}

export const meetingKind = (k) => dictLabel('meeting_kind', k)
export const trainingKind = (k) => dictLabel('training_kind', k)
export const orgType = (k) => dictLabel('org_type', k)
export const stepLabel = (k) => dictLabel('decision_step', k)
export const taskStatusLabel = (k) => dictLabel('task_status', k)
export const taskStatusType = (k) => ({ done: 'success', late: 'warning', overdue: 'danger', pending: 'info', open: 'primary' }[k] || 'info')
// A whole task's status (GET /tasks: open / overdue / done / late).
export const taskOverallLabel = (k) => t('pl.n.st.' + k)

// Lines of a textarea -> a list of non-empty strings.
export const lines = (s) => String(s || '').split(/\r?\n/).map((x) => x.trim()).filter(Boolean)

export const chinaToday = () => parts(new Date().toISOString(), false)

// True when the code lies inside one of the user's scopes ('' = the whole country).
export function inMyScope(code) {
  const scopes = (store.user && store.user.scopes) || []
  return scopes.some((s) => s === '' || String(code || '').startsWith(s))
}
// True when every scope of the user is the whole country: no organisation of its own.
export const noOwnOrgs = () => { const s = (store.user && store.user.scopes) || []; return s.length > 0 && s.every((x) => x === '') }

// Ask before a DELETE (or another irreversible action), run it and report:
// true when done; the server's message (409 and the like) on failure.
export async function confirmAndRun(message, run, done = t('pl.deleted')) {
  try {
    await ElMessageBox.confirm(message, t('pl.confirmTitle'), {
      type: 'warning', confirmButtonText: t('pl.ok'), cancelButtonText: t('pl.cancel'), customClass: 'lx-confirm-box'
    })
  } catch (_) { return false }
  try {
    await run()
    ElMessage.success(done)
    return true
  } catch (err) {
    ElMessage.error({ message: errorText(err), duration: 6000 })
    return false
  }
}

// A 0..1 rate as "72.4%".
export const pct = (v) => (v == null ? '—' : Math.round(v * 1000) / 10 + '%')

// ECharts option: horizontal bars of the compliance rate per child division
// (rows: {division, name, rate, compliant}; of(row) = how many are assessed).
export function rateChart(rows, of) {
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => v + '%' },
    grid: { left: 8, right: 40, top: 10, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((x) => x.name || x.division) },
    series: [{
      type: 'bar', barMaxWidth: 22, data: rows.map((x) => Math.round(x.rate * 1000) / 10),
      itemStyle: { color: (p) => (p.value >= 90 ? '#67c23a' : p.value >= 60 ? '#e6a23c' : '#b3261e') },
      label: { show: true, position: 'right', formatter: (p) => `${p.value}% (${rows[p.dataIndex].compliant}/${of(rows[p.dataIndex])})` }
    }]
  }
}

// The current period of a type: '2026-11', '2026Q4' or '2026' (China time).
export function currentPeriod(type = 'month') {
  const d = chinaToday()
  if (type === 'year') return d.slice(0, 4)
  if (type === 'quarter') return `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`
  return d.slice(0, 7)
}

// The first and last day of a month '2026-11' -> ['2026-11-01', '2026-11-30'].
export function monthRange(m) {
  const [y, mo] = m.split('-').map(Number)
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return [`${m}-01`, `${m}-${String(last).padStart(2, '0')}`]
}
// The month n months after '2026-11' (n may be negative).
export function addMonths(m, n) {
  const [y, mo] = m.split('-').map(Number)
  const k = y * 12 + mo - 1 + n
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`
}

// Every row of a paged list endpoint (GET path?qs&page=&page_size=200), page by
// page up to `max` rows: for the places that need the whole list (a roster).
export async function fetchAll(path, params = {}, max = 2000) {
  const out = []
  for (let page = 1; ; page++) {
    const qs = new URLSearchParams({ ...params, page: String(page), page_size: '200' })
    const d = await api.get(path + '?' + qs)
    const items = (d && d.items) || []
    out.push(...items)
    if (!items.length || out.length >= ((d && d.total) || 0) || out.length >= max) return out
  }
}

// A work-list item's state against its deadline (item_state) as a tag.
export const itemStateLabel = (k) => dictLabel('item_state', k)
export const itemStateType = (k) => ({ done: 'success', late: 'warning', overdue: 'danger', open: 'info' }[k] || 'info')

// The ISO 8601 week ("2026-W47") of a YYYY-MM-DD date.
export function isoWeek(day) {
  const d = new Date(day + 'T00:00:00Z')
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86400000)
  const y = thursday.getUTCFullYear()
  const week = 1 + Math.floor((thursday - Date.UTC(y, 0, 1)) / (7 * 86400000))
  return `${y}-W${String(week).padStart(2, '0')}`
}

// The user's own organisation: the one whose division is the user's (first) scope, e.g. a township user's
// township committee; null when there is none or the scope is the whole country. {id, name}
export async function ownOrg() {
  const scope = ((store.user && store.user.scopes) || [])[0] || ''
  if (!scope) return null
  try {
    const d = await api.get('/orgs?' + new URLSearchParams({ division: scope, page_size: '20' }), { silent: true })
    const own = ((d && d.items) || []).find((o) => o.division === scope)
    return own ? { id: own.id, name: own.name } : null
  } catch (_) {
    return null
  }
}

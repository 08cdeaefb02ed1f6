// Helpers shared by the party organisational life (组织生活) pages.
import { computed } from 'vue'
import { store } from '../store.js'
import { dictLabel } from '../meta.js'

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
export const taskStatusType = (k) => ({ done: 'success', late: 'warning', overdue: 'danger', pending: 'info' }[k] || 'info')

// Lines of a textarea -> a list of non-empty strings.
export const lines = (s) => String(s || '').split(/\r?\n/).map((x) => x.trim()).filter(Boolean)

export const chinaToday = () => parts(new Date().toISOString(), false)

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

// util.js - registry helpers: household status and monitoring tags and labels, years, yuan, the poverty line of a year
import { dictLabel } from '../meta.js'

export const STATUS_TAG = {
  not_registered: 'info', poor: 'danger', exited_enjoying: 'success', exited: 'success', relapsed: 'danger',
  removed: 'info'
}
export const statusTag = (s) => STATUS_TAG[s] || 'info'
export const statusLabel = (s) => dictLabel('hh_status', s)
// monitoring is a dimension of its own: the category of the household's open case (null: not monitored)
export const monitorLabel = (c) => dictLabel('monitor_category', c)
// the category a new case of a household of this status may take (domain.md 3.2)
export const categoryFor = (status) =>
  status === 'exited_enjoying' || status === 'exited' ? 'unstable' : status === 'not_registered' ? 'marginal' : 'sudden'

export const thisYear = () => new Date().getFullYear()
export function yearRange(from = 2014, to = thisYear()) {
  const out = []
  for (let y = to; y >= from; y--) out.push(y)
  return out
}

export const yuan = (v) => (v === null || v === undefined ? '' : Number(v).toLocaleString('zh-CN'))

// The poverty / monitoring line in force for a year and a division: the newest line
// on or before the year, the province's own before the national one.
export function lineFor(lines, col, year, division) {
  const prov = String(division || '').slice(0, 2)
  const pick = (p) => lines
    .filter((l) => l.province === p && l.year <= year && l[col] !== null && l[col] !== undefined)
    .sort((a, b) => b.year - a.year)[0]
  const l = (prov && pick(prov)) || pick('')
  return l ? l[col] : null
}


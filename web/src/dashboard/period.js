// period.js - the period of a dashboard or bulletin: a mode (year, quarter, month, range) and its value as query parameters
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

// The query parameters of /stats for a period state {mode, year, quarter, month, range}.
export function periodQuery(p) {
  if (p.mode === 'range' && p.range && p.range.length === 2) return { from: p.range[0], to: p.range[1] }
  if (p.mode === 'quarter') return { period: `${p.year}-Q${p.quarter}` }
  if (p.mode === 'month' && p.month) return { period: p.month }
  return { period: String(p.year) }
}

// A period state from a route query (period=2026, 2026-Q3, 2026-11 or from/to).
export function periodFromQuery(q) {
  const today = chinaToday()
  const p = { mode: 'year', year: Number(today.slice(0, 4)), quarter: Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1, month: today.slice(0, 7), range: [today.slice(0, 8) + '01', today] }
  if (q.from && q.to) return { ...p, mode: 'range', range: [q.from, q.to] }
  const s = q.period || ''
  let m
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) return { ...p, mode: 'quarter', year: Number(m[1]), quarter: Number(m[2]) }
  if (/^\d{4}-\d{2}$/.test(s)) return { ...p, mode: 'month', month: s, year: Number(s.slice(0, 4)) }
  if (/^\d{4}$/.test(s)) return { ...p, year: Number(s) }
  return p
}

// The Monday..Sunday of the week containing day (YYYY-MM-DD), for 周调度.
export function weekOf(day) {
  const d = new Date(day + 'T00:00:00Z')
  const wd = (d.getUTCDay() + 6) % 7
  const mon = new Date(d.getTime() - wd * 86400000)
  const sun = new Date(mon.getTime() + 6 * 86400000)
  return [mon.toISOString().slice(0, 10), sun.toISOString().slice(0, 10)]
}

// The key figures of a roll-up node (GET /stats), shared by the dashboard, the map and the tables.
export function keyFigures(n, year) {
  if (!n) return {}
  const sum = (o) => Object.values(o || {}).reduce((a, v) => a + (typeof v === 'number' ? v : 0), 0)
  const hh = n.households_by_status || {}
  const pp = n.people_by_status || {}
  const help = Object.values(n.help_by_type || {})
  const rq = n.requests || {}
  return {
    registered: sum(hh) - (hh.not_registered || 0),
    people: sum(pp) - (pp.not_registered || 0),
    monitored: sum(n.monitored_by_category),
    incidence: n.incidence && n.incidence.rate != null ? n.incidence.rate * 100 : null,
    exits: (n.exits_by_year || {})[String(year)] || 0,
    help: help.reduce((a, v) => a + v.count, 0),
    helpAmount: help.reduce((a, v) => a + v.amount, 0),
    received: rq.received ?? 0,
    onTime: rq.on_time_close_rate ?? null,
    satisfaction: rq.satisfaction_rate ?? null,
    overdue: rq.overdue ?? 0,
    compliance: n.meeting_compliance && n.meeting_compliance.rate != null ? n.meeting_compliance.rate * 100 : null,
    noticesRead: n.notices && n.notices.notices && n.notices.notices.rate != null ? n.notices.notices.rate * 100 : null,
    tasksDone: n.notices && n.notices.tasks && n.notices.tasks.rate != null ? n.notices.tasks.rate * 100 : null,
    trainings: sum(n.training_attendance),
    coverage: n.pairing && n.pairing.coverage != null ? n.pairing.coverage * 100 : null
  }
}

// A node's status colour on the command map: red, yellow or green.
export function statusColour(k) {
  if (k.overdue > 0 || (k.compliance != null && k.compliance < 60) || (k.coverage != null && k.coverage < 60)) return 'red'
  if ((k.compliance != null && k.compliance < 90) || (k.tasksDone != null && k.tasksDone < 80) ||
      (k.coverage != null && k.coverage < 90)) return 'yellow'
  return 'green'
}

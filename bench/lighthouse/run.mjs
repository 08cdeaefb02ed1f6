// run.mjs - Lighthouse (mobile settings: a mid-range phone, simulated slow 4G, 4x CPU) on the public request form
// and the phone home of a grid worker: each page RUNS times, the median run (Lighthouse's own
// computeMedianRun: by FCP and TTI) kept; prints performance and accessibility per page with the machine's
// load, and exits 1 when either median is under the floor (90).
//   node run.mjs URL USER PASSWORD      (the user is logged in through the API; its cookie goes with the audit)
// Env: CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE_FLOOR (default 90), LIGHTHOUSE_RUNS (default 3).
// The config is Lighthouse's default with one gatherer adapted to this Chromium's trace (trace-compat.mjs):
// without it six audits (layout shifts, the LCP element, render-blocking resources...) end in an error.
import os from 'node:os'
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js'
import { compatConfig } from './trace-compat.mjs'

const [base, user, password] = process.argv.slice(2)
if (!base || !user || !password) {
  console.error('usage: node run.mjs URL USER PASSWORD')
  process.exit(2)
}
const floor = Number(process.env.LIGHTHOUSE_FLOOR || 90)
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS || 3))

async function sessionCookie() {
  const r = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password }) })
  if (r.status !== 200) throw new Error('login ' + r.status)
  const c = r.headers.get('set-cookie') || ''
  return c.split(';')[0]
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')
const score = (cat) => Math.round(cat.score * 100)

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
})
let failed = false
const summary = []
try {
  const cookie = await sessionCookie()
  const pages = [
    { name: 'public request form', path: '/public/request' },
    { name: 'phone home (grid worker)', path: '/m', headers: { Cookie: cookie } }
  ]
  console.log(`lighthouse: ${runs} run(s) per page, median kept; load average (1, 5, 15 min) at start ${load()} on ${os.cpus().length} cores`)
  for (const p of pages) {
    const lhrs = []
    for (let i = 0; i < runs; i++) {
      const res = await lighthouse(base + p.path, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'],
        extraHeaders: p.headers
      }, compatConfig)
      const l = res.lhr
      const a = l.audits
      console.log(`  ${p.name} run ${i + 1}: performance ${score(l.categories.performance)} accessibility ${score(l.categories.accessibility)}` +
        ` (FCP ${a['first-contentful-paint'].displayValue}, LCP ${a['largest-contentful-paint'].displayValue},` +
        ` TBT ${a['total-blocking-time'].displayValue}, CLS ${a['cumulative-layout-shift'].displayValue};` +
        ` CPU benchmark ${Math.round(l.environment.benchmarkIndex)}, load ${load()})`)
      const broken = Object.entries(a).filter(([, au]) => au.scoreDisplayMode === 'error')
      for (const [id, au] of broken) console.log(`    audit in error: ${id}: ${au.errorMessage}`)
      lhrs.push(l)
    }
    const l = computeMedianRun(lhrs)
    const c = l.categories
    const a = l.audits
    const perf = score(c.performance)
    const a11y = score(c.accessibility)
    summary.push(`lighthouse: ${p.name.padEnd(26)} performance ${perf}  accessibility ${a11y}`)
    console.log(summary[summary.length - 1] + `  (median of ${runs}: FCP ${a['first-contentful-paint'].displayValue}, ` +
      `LCP ${a['largest-contentful-paint'].displayValue}, TBT ${a['total-blocking-time'].displayValue}, CLS ${a['cumulative-layout-shift'].displayValue})`)
    for (const [id, au] of Object.entries(a)) {
      if (au.score !== null && au.score < 1 && c.accessibility.auditRefs.some((r) => r.id === id && r.weight > 0)) {
        console.log(`  accessibility: ${id}: ${au.title}`)
      }
    }
    if (perf < floor) {
      for (const it of ((a['bootup-time'].details || {}).items || []).slice(0, 5)) {
        console.log(`  script time: ${Math.round(it.total)} ms (${Math.round(it.scripting)} ms scripting) ${it.url}`)
      }
      for (const it of ((a['long-tasks'] && a['long-tasks'].details && a['long-tasks'].details.items) || []).slice(0, 5)) {
        console.log(`  long task: ${Math.round(it.duration)} ms at ${Math.round(it.startTime)} ms ${it.url}`)
      }
      for (const it of ((a['layout-shifts'] && a['layout-shifts'].details && a['layout-shifts'].details.items) || []).slice(0, 3)) {
        console.log(`  layout shift: ${it.score.toFixed(3)} ${(it.node && it.node.selector) || ''}`)
      }
    }
    if (perf < floor || a11y < floor) failed = true
  }
} finally {
  await chrome.kill()
}
console.log(`lighthouse: load average at end ${load()}`)
for (const s of summary) console.log(s)
if (failed) console.log(`lighthouse: a score is under ${floor}`)
process.exit(failed ? 1 : 0)

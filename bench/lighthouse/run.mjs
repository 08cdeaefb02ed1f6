// run.mjs - Lighthouse (mobile settings: a mid-range phone, simulated slow 4G) on the public request form
// and the phone home of a grid worker; prints performance and accessibility per page and exits 1 when
// either is under the floor (90).
//   node run.mjs URL USER PASSWORD      (the user is logged in through the API; its cookie goes with the audit)
// Env: CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE_FLOOR (default 90).
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'

const [base, user, password] = process.argv.slice(2)
if (!base || !user || !password) {
  console.error('usage: node run.mjs URL USER PASSWORD')
  process.exit(2)
}
const floor = Number(process.env.LIGHTHOUSE_FLOOR || 90)

async function sessionCookie() {
  const r = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password }) })
  if (r.status !== 200) throw new Error('login ' + r.status)
  const c = r.headers.get('set-cookie') || ''
  return c.split(';')[0]
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
})
let failed = false
try {
  const cookie = await sessionCookie()
  const pages = [
    { name: 'public request form', path: '/public/request' },
    { name: 'phone home (grid worker)', path: '/m', headers: { Cookie: cookie } }
  ]
  for (const p of pages) {
    const res = await lighthouse(base + p.path, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'],
      extraHeaders: p.headers
    })   // no config: Lighthouse's default, the mobile form factor with simulated throttling
    const c = res.lhr.categories
    const perf = Math.round(c.performance.score * 100)
    const a11y = Math.round(c.accessibility.score * 100)
    const a = res.lhr.audits
    console.log(`lighthouse: ${p.name.padEnd(26)} performance ${perf}  accessibility ${a11y}  ` +
      `(FCP ${a['first-contentful-paint'].displayValue}, LCP ${a['largest-contentful-paint'].displayValue}, TBT ${a['total-blocking-time'].displayValue})`)
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
    }
    if (perf < floor || a11y < floor) failed = true
  }
} finally {
  await chrome.kill()
}
if (failed) console.log(`lighthouse: a score is under ${floor}`)
process.exit(failed ? 1 : 0)

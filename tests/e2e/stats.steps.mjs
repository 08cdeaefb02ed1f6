// stats.steps.mjs - browser steps of the dashboards (run.mjs step "stats", after party life;
// alone: node run.mjs stats). They need the imported divisions of county 469030.
//
// What they do: as the logged-in admin, 数据驾驶舱 of 469030 (?division=469030&period=this year):
// the key-number tiles and the children table render -> click township 469030100 -> the
// page is that township's (title, URL) -> click its first village -> the village's page
// (e2e-stats-village.png; e2e-stats-county.png before) -> 指挥作战图 of 469030 renders full
// screen with a cell per township (e2e-command-map.png) -> a click on 469030100's cell goes
// down -> a township leader is added -> 月通报 of 469030 renders its sheet with a row per township
// (e2e-bulletin.png) and the leader's row in the leaders' visits (领导干部遍访: no visits, 12 days
// in villages required in November) (e2e-bulletin-leaders.png).
import { BASE } from './lib.mjs'

const COUNTY = '469030'
const TOWNSHIP = '469030100'

export async function runStatsSteps(ctx) {
  const { page, log, shot, assert } = ctx
  const el = (name) => page.locator(`[data-test="${name}"]`).first()
  const has = await page.evaluate(async (c) => (await fetch('/api/v1/divisions/' + c, { credentials: 'same-origin' })).status, COUNTY)
  if (has !== 200) { log(`skip: no division ${COUNTY}`); return }
  const year = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)

  await page.goto(BASE + `/stats?division=${COUNTY}&period=${year}`)
  await el('stats-tiles').waitFor()
  await el('stats-children').waitFor()
  await el(`stats-child-${TOWNSHIP}`).waitFor()
  await shot(page, 'e2e-stats-county.png')

  await el(`stats-child-${TOWNSHIP}`).click()
  await page.waitForURL((u) => new URL(u).searchParams.get('division') === TOWNSHIP)
  // the township's own table: its villages' rows (the county's rows stay until it loads)
  const village = page.locator(`[data-test^="stats-child-${TOWNSHIP}"]:not([data-test="stats-child-${TOWNSHIP}"])`).first()
  await village.waitFor()
  const vname = (await village.innerText()).trim()
  await village.click()
  await page.waitForURL((u) => /^\d{12}$/.test(new URL(u).searchParams.get('division') || ''))
  await page.waitForFunction((n) => (document.querySelector('[data-test="stats-title"]') || {}).innerText?.includes(n), vname)
  assert((await el('stats-title').innerText()).includes(vname), `the village's dashboard (${vname})`)
  await shot(page, 'e2e-stats-village.png')

  await page.goto(BASE + `/command-map?division=${COUNTY}`)
  await el(`map-child-${TOWNSHIP}`).waitFor()
  const cells = await page.locator('[data-test="map-children"] .lx-map-cell').count()
  assert(cells >= 10, `a cell per township on the command map (${cells})`)
  await shot(page, 'e2e-command-map.png')
  await el(`map-child-${TOWNSHIP}`).click()
  await page.waitForURL((u) => new URL(u).searchParams.get('division') === TOWNSHIP)

  // a township leader of 469030100, so that the leaders' visits (领导干部遍访) have a row
  const leader = await page.evaluate(async (d) => {
    const csrf = sessionStorage.getItem('lianxin.csrf')
    const r = await fetch('/api/v1/people', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
      body: JSON.stringify({ name: '遍访测试', division: d, cadre_role: 'township_leader', position: '镇党委副书记' }) })
    return { status: r.status, data: await r.json().catch(() => null) }
  }, TOWNSHIP)
  assert(leader.status === 201 && leader.data && leader.data.id, `a township leader (${leader.status})`)

  await page.goto(BASE + `/stats/bulletin?division=${COUNTY}&period=${year}-11`)
  await el('bulletin-sheet').waitFor()
  const rows = await page.locator('[data-test="bulletin-sheet"] tbody tr').count()
  assert(rows >= 11, `a bulletin row per township and the total (${rows})`)
  await shot(page, 'e2e-bulletin.png')
  await el(`bulletin-leader-${leader.data.id}`).waitFor()
  const lcells = await page.locator(`[data-test="bulletin-leader-${leader.data.id}"] td`).allTextContents()
  assert(lcells[1] === '遍访测试' && lcells[4] === '0' && lcells[6] === '12',
    `the leader's row: no visits, 12 days in villages required in November (${lcells.join(' | ')})`)
  await el('bulletin-leaders-title').scrollIntoViewIfNeeded()
  await shot(page, 'e2e-bulletin-leaders.png')
}

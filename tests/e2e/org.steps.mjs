// org.steps.mjs - browser steps of the divisions & organisations pages (run.mjs step "org",
// after the login/layout checks; alone: node run.mjs org). They need
// imported divisions (`lianxin import divisions data/divisions/*/*.csv`);
// without any, they log "skip org steps" and return.
//
// What they do: divisions page -> expand the first root in the tree, select a
// child -> search a village, create a grid in it -> people list -> create a
// person through the meta form (first a bad ID number: the server's field
// error shows under the ID input; then a valid GB 11643 number) -> the row
// shows the number masked -> reveal it with a reason -> the duplicate ID number switch lists
// a planted duplicate (LIANXIN_E2E_DB) and the person it repeats -> the grid worker
// select of the village lists the new person. Screenshots:
// e2e-divisions.png, e2e-people.png (+ e2e-people-form.png, e2e-people-duplicates.png,
// e2e-divisions-mobile.png).

import { execFileSync } from 'node:child_process'
import { pickDivision } from './lib.mjs'

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function idCheckChar(first17) {
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * W[i]
  return '10X98765432'[s % 11]
}

export async function runOrgSteps(ctx) {
  const { page, log, shot, assert, waitPath, setStep } = ctx
  const el = (name) => page.locator(`[data-test="${name}"]`).first()
  const visibleOption = (text) => page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp('^\\s*' + text + '\\s*$') }).first()
  const optionStarting = (text) => page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp('^\\s*' + text) }).first()
  const apiGet = (p) => page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    return r.ok ? r.json() : null
  }, p)

  setStep('org: divisions available?')
  const rootList = await apiGet('/divisions?page_size=200')
  const roots = (rootList && rootList.items) || []
  if (!roots.length) {
    log('skip org steps: GET /api/v1/divisions returned no divisions (none imported)')
    return false
  }
  log(`org: ${roots.length} division roots: ${roots.map((r) => r.code).join(', ')}`)

  setStep('org: divisions page, expand the first root')
  await el('menu-divisions').click()
  await waitPath(page, '/divisions')
  await el('page-divisions').waitFor({ state: 'visible' })
  const first = roots[0]
  const firstNode = el('tree-node-' + first.code)
  await firstNode.waitFor({ state: 'visible' })
  await el('division-card').waitFor({ state: 'visible' })
  const treeNode = page.locator('[data-test="division-tree"] .el-tree-node').filter({ has: firstNode }).first()
  await treeNode.locator('.el-tree-node__expand-icon').first().click()
  const kids = await apiGet(`/divisions/${first.code}/children?page_size=1`)
  assert(kids && kids.items && kids.items.length, `root ${first.code} has children`)
  const child = kids.items[0]

  setStep('org: select a child in the tree')
  await el('tree-node-' + child.code).click()
  await page.waitForFunction((name) => {
    const n = document.querySelector('[data-test="division-name"]')
    return n && n.textContent.trim() === name
  }, child.name)
  await el('stat-orgs').waitFor({ state: 'visible' })
  log(`org: selected ${child.code} ${child.name}`)

  setStep('org: search a village')
  let villages = await apiGet('/divisions?level=village&q=469030&page_size=1')
  if (!villages || !villages.items.length) villages = await apiGet('/divisions?level=village&page_size=1')
  const village = villages && villages.items[0]
  assert(village, 'a village exists')
  await page.locator('input[data-test="division-search"], [data-test="division-search"] input').first().fill(village.code)
  await el('division-hit-' + village.code).click()
  await page.waitForFunction((name) => {
    const n = document.querySelector('[data-test="division-name"]')
    return n && n.textContent.trim() === name
  }, village.name)
  await el('groups-table').waitFor({ state: 'visible' })
  await page.locator('input[data-test="division-search"], [data-test="division-search"] input').first().fill('')

  setStep('org: create a grid in the village')
  const gridName = '第' + (Math.floor(Math.random() * 90) + 10) + '网格'
  await el('group-create').click()
  const gform = page.locator('.el-dialog[data-test="group-form"]')
  await gform.waitFor({ state: 'visible' })
  await gform.locator('[data-test="gfield-type"] .el-select__wrapper').click()
  await visibleOption('网格').click()
  await gform.locator('[data-test="gfield-name"] input').fill(gridName)
  await gform.locator('[data-test="gfield-households"] input').fill('36')
  await gform.locator('[data-test="gfield-population"] input').fill('142')
  await el('group-submit').click()
  await gform.waitFor({ state: 'hidden' })
  await page.locator('[data-test="groups-table"] .el-table__row', { hasText: gridName }).first().waitFor({ state: 'visible' })
  log(`org: created grid ${gridName} in ${village.code}`)
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-divisions.png')

  setStep('org: people list')
  await el('menu-people').click()
  await waitPath(page, '/people')
  await el('list-person').waitFor({ state: 'visible' })
  await el('list-table').waitFor({ state: 'visible' })

  setStep('org: create form, bad ID number -> field error')
  const seq = String(Math.floor(Math.random() * 900) + 100)
  const first17 = '469030' + '19850315' + seq
  const good = first17 + idCheckChar(first17)
  const bad = first17 + (idCheckChar(first17) === '0' ? '1' : '0')
  const name = '符' + ['海', '琼', '黎', '苗'][Number(seq) % 4] + '测' + seq
  await el('list-create').click()
  const form = page.locator('.el-dialog[data-test="form-person"]')
  await form.waitFor({ state: 'visible' })
  await form.locator('[data-test="field-name"] input').fill(name)
  await form.locator('[data-test="field-id_number"] input').fill(bad)
  await form.locator('[data-test="field-phone"] input').fill('13876' + seq + '521')
  await pickDivision(page, 'picker-division', village.code)
  await form.locator('[data-test="field-political_status"] .el-select__wrapper').click()
  await visibleOption('中共党员').click()
  await form.locator('[data-test="field-cadre_role"] .el-select__wrapper').click()
  await visibleOption('网格员').click()
  await form.locator('[data-test="field-position"] input').fill('网格员')
  await el('form-submit').click()
  const idErr = form.locator('[data-test="field-id_number"] .el-form-item__error')
  await idErr.waitFor({ state: 'visible' })
  log(`org: bad ID number rejected under the input: ${(await idErr.innerText()).trim()}`)
  await shot(page, 'e2e-people-form.png')

  setStep('org: create a person with a valid ID number')
  await form.locator('[data-test="field-id_number"] input').fill(good)
  await el('form-submit').click()
  await form.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test="list-table"] .el-table__row', { hasText: name }).first()
  await row.waitFor({ state: 'visible' })
  const masked = (await row.locator('[data-test="cell-id_number"]').innerText()).trim()
  assert(/^469030\*{8}\d{3}[\dX]$/.test(masked), `ID number is masked in the list (got "${masked}")`)
  assert(!masked.includes(good.slice(6, 14)), 'the birth date digits are hidden')
  log(`org: created ${name}, listed as ${masked}`)

  setStep('org: reveal the ID number with a reason')
  await row.locator('[data-test="reveal-id_number"]').click()
  const box = page.locator('.lx-reveal-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('input').fill('核实网格员身份信息')
  await box.locator('.el-button--primary').click()
  await page.waitForFunction(([n, v]) => {
    for (const r of document.querySelectorAll('[data-test="list-table"] .el-table__row')) {
      if (r.textContent.includes(n)) {
        const c = r.querySelector('[data-test="cell-id_number"]')
        return c && c.textContent.trim() === v
      }
    }
    return false
  }, [name, good])
  log('org: revealed the full ID number')
  await page.waitForTimeout(400)
  await shot(page, 'e2e-people.png')

  setStep('org: the people list under its filters as a CSV file, the ID number masked')
  const q = page.locator('input[data-test="list-q"], [data-test="list-q"] input').first()
  await q.fill(name)
  await el('list-search').click()
  const [download] = await Promise.all([page.waitForEvent('download'), el('list-export-csv').click()])
  const csv = (await import('node:fs')).readFileSync(await download.path(), 'utf8')
  assert(csv.startsWith('\ufeff"姓名"') && csv.includes(name) && !csv.includes(good),
    'the exported people: the header, the person, the full ID number masked: ' + csv.slice(0, 300))
  const exported = csv.trim().split('\r\n').length - 1
  assert(exported === 1, `the export holds the searched person only: ${exported} rows`)
  log(`org: exported ${exported} person as ${download.suggestedFilename()}`)
  await q.fill('')
  await el('list-search').click()

  setStep('org: the duplicate ID number switch lists a duplicate kept from before the unique index')
  // planted in the database as migration 35 left such rows (the API refuses a second holder)
  const dupName = '符旧重' + seq
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', process.env.LIANXIN_E2E_DB,
    `INSERT INTO people (name, division, id_number_hash, id_number_dup, created_at, updated_at)
     SELECT '${dupName}', division, id_number_hash, 1, 0, 0 FROM people WHERE name = '${name}'`])
  const flag = page.locator('[data-test="flag-id_number_duplicate"] .el-checkbox')
  await flag.click()
  await page.waitForFunction(([a, b]) => {
    const rows = [...document.querySelectorAll('[data-test="list-table"] .el-table__row')].map((r) => r.textContent)
    return rows.length === 2 && rows.some((t) => t.includes(a)) && rows.some((t) => t.includes(b))
  }, [name, dupName])
  log(`org: the switch lists ${name} and the duplicate ${dupName}, nobody else`)
  await shot(page, 'e2e-people-duplicates.png')
  await flag.click()
  await page.waitForFunction(() => !document.querySelector('[data-test="flag-id_number_duplicate"] .is-checked'))

  setStep('org: grid worker select lists the new person')
  await el('menu-divisions').click()
  await waitPath(page, '/divisions')
  await page.locator('input[data-test="division-search"], [data-test="division-search"] input').first().fill(village.code)
  await el('division-hit-' + village.code).click()
  const grow = page.locator('[data-test="groups-table"] .el-table__row', { hasText: gridName }).first()
  await grow.waitFor({ state: 'visible' })
  await grow.locator('[data-test^="group-edit-"]').click()
  const gform2 = page.locator('.el-dialog[data-test="group-form"]')
  await gform2.waitFor({ state: 'visible' })
  await gform2.locator('[data-test="gfield-grid_worker_id"] .el-select__wrapper').click()
  await optionStarting(name).click()
  await el('group-submit').click()
  await gform2.waitFor({ state: 'hidden' })
  await page.locator('[data-test="groups-table"] .el-table__row', { hasText: gridName }).filter({ hasText: name })
    .first().waitFor({ state: 'visible' })
  log(`org: ${name} is the grid worker of ${gridName}`)

  setStep('org: divisions page at phone width')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(400)
  await shot(page, 'e2e-divisions-mobile.png')
  await page.setViewportSize({ width: 1280, height: 800 })
  return true
}

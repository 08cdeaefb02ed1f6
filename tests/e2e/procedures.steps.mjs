// procedures.steps.mjs - browser steps of identification and exit (run.mjs step "procedures", after
// the registry steps, whose household in a village of 469030 they use; alone: node run.mjs procedures).
//
// What they do: the cases page (an exit case for the household is refused with a reason naming the
// unmet conditions: it has no income above the line) -> exit proposals of the village (the
// household with its condition tags) -> a sampling audit drawn for 469030, opened, one finding
// recorded (the figures follow) -> its printable household sheets (one A4 page each, as printed too)
// -> a 回头看 campaign opened and listed -> the county's exit report -> the settings page: a poor
// village's conditions recorded and a procedure setting saved by the admin (then removed), a township
// sees only the village card, an auditor may not open the page.
// Screenshots: e2e-procedures.png, e2e-exit-proposals.png, e2e-samplings.png, e2e-sample-sheets.png,
// e2e-sample-sheets-print.png, e2e-rechecks.png, e2e-county-report.png, e2e-procedure-settings.png,
// e2e-procedure-settings-township.png.

import { BASE, TIMEOUT, el as elOf, watchPage, launchBrowser, problems } from './lib.mjs'
import { apiOf, apiLogin, makeUsers, USERS } from './frontdoor.steps.mjs'

export async function runProcedureSteps(ctx) {
  const { page, log, shot, assert, setStep } = ctx
  const el = (name) => page.locator(`[data-test="${name}"]`).first()
  const inputOf = (name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input, textarea[data-test="${name}"]`).first()
  const apiGet = (p) => page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    return r.ok ? r.json() : null
  }, p)

  setStep('procedures: a household of 469030?')
  const hl = await apiGet('/households?division=469030&status=poor&page_size=5')
  const hh = hl && hl.items && hl.items[0]
  if (!hh) {
    log('skip procedure steps: no poor household of 469030 (run the registry steps first)')
    return false
  }
  const village = String(hh.division).slice(0, 12)

  setStep('procedures: an exit refused with its reasons')
  await page.goto(BASE + '/procedures')
  await el('page-procedures').waitFor()
  await el('pc-new').click()
  await inputOf('pc-form-household').fill(String(hh.id))
  await el('pc-vote-for').locator('input').fill('9')
  await el('pc-form-submit').click()
  const err = page.locator('.el-message--error').first()
  await err.waitFor()
  const text = await err.innerText()
  assert(/退出条件|不能/.test(text), `the refusal names why: ${text}`)
  await page.keyboard.press('Escape')
  await shot(page, 'e2e-procedures.png')

  setStep('procedures: exit proposals of the village')
  await page.goto(BASE + '/procedures/exit-proposals')
  await el('page-exit-proposals').waitFor()
  await inputOf('ep-village').fill(village)
  await inputOf('ep-village').press('Enter')
  await page.locator('[data-test="ep-table"] .el-table__row').first().waitFor()
  const tags = await page.locator('[data-test="ep-table"] .el-table__row').first().locator('.el-tag').count()
  assert(tags >= 8, `the household shows its conditions (${tags} tags)`)
  await shot(page, 'e2e-exit-proposals.png')

  setStep('procedures: a sampling audit')
  await page.goto(BASE + '/procedures/samplings')
  await el('page-samplings').waitFor()
  await el('sm-draw').click()
  const dialog = page.locator('.el-dialog:visible').first()
  await dialog.locator('input').first().fill('e2e 抽查')
  await dialog.locator('input').nth(1).fill('469030')
  await el('sm-submit').click()
  await page.locator('[data-test="sm-table"] .el-table__row').first().waitFor()
  await page.locator('[data-test="sm-table"] .el-table__row').first().click()
  await page.locator('[data-test="sm-sheet"] .el-table__row').first().waitFor()
  const list = await apiGet('/samplings?division=469030')
  assert(list && list.total >= 1 && list.items[0].figures.sampled > 0, 'the sample was drawn')
  await shot(page, 'e2e-samplings.png')

  setStep('procedures: the sample\'s printable household sheets')
  await el('sm-sheets').click()
  await el('page-sample-sheets').waitFor()
  await page.locator('[data-test="ss-sheet"]').first().waitFor()
  const sheets = await apiGet(`/samplings/${list.items[0].id}/sheets?page_size=20`)
  const shown = await page.locator('[data-test="ss-sheet"]').count()
  assert(sheets && shown === sheets.items.length && shown > 0, `a sheet per household of the page (${shown} of ${sheets && sheets.total})`)
  const first = await page.locator('[data-test="ss-sheet"]').first().innerText()
  assert(/户主/.test(first) && /群众认可度/.test(first) && /调查人员/.test(first) && first.includes(sheets.items[0].head_name),
    'a sheet shows the household, its members, the questions and the blanks')
  await shot(page, 'e2e-sample-sheets.png')
  await page.emulateMedia({ media: 'print' })
  await shot(page, 'e2e-sample-sheets-print.png')
  await page.emulateMedia({ media: 'screen' })

  setStep('procedures: 回头看')
  await page.goto(BASE + '/procedures/rechecks')
  await el('page-rechecks').waitFor()
  await el('rc-new').click()
  await inputOf('rc-division').fill('469030')
  await el('rc-submit').click()
  await page.locator('[data-test="rc-table"] .el-table__row').first().waitFor()   /* listed once the POST is done */
  const rc = await apiGet('/rechecks')
  assert(rc && rc.total >= 1, 'the campaign is listed')
  await shot(page, 'e2e-rechecks.png')
  setStep('procedures: the county exit report')
  await page.goto(BASE + '/procedures/county-report')
  await el('page-county-report').waitFor()
  await inputOf('cr-county').fill('469030')
  await inputOf('cr-county').press('Enter')
  await el('cr-sheet').waitFor()
  const sheet = await el('cr-sheet').innerText()
  assert(/贫困发生率/.test(sheet) && /贫困村及退出年度/.test(sheet), 'the report shows its conditions and villages')
  await shot(page, 'e2e-county-report.png')

  setStep('procedures: settings and village conditions (admin)')
  const api = apiOf(page)
  const year = new Date().getFullYear()
  let poor = await apiGet(`/exits/villages?year=${year}&page_size=1`)
  if (!poor || poor.total === 0) {
    const r = await api('PATCH', `/divisions/${village}`, { poor_village: true, population: 1000 })
    assert(r.status === 200, `a poor village to record: ${r.status}`)
  }
  await page.goto(BASE + '/procedures/settings')
  await el('page-procedure-settings').waitFor()
  await el('ps-settings').waitFor()
  await page.locator('[data-test="ps-village-table"] .el-table__row').first().click()
  await page.locator('[data-test="ps-conditions"] .el-table__row').first().waitFor()
  const name = await page.locator('[data-test="ps-village-table"] .el-table__row').first().locator('td').nth(1).innerText()
  const before = (await api('GET', `/exits/villages?year=${year}&division=${name.trim()}`)).data.items[0]
  const road = before.conditions.find((c) => c.code === 'collective_income')
  await page.locator('[data-test="ps-conditions"] .el-table__row').first().locator('.el-switch').click()
  const conditionsSaved = page.waitForResponse((r) => r.url().includes('/conditions/') &&
    r.request().method() === 'PUT', { timeout: TIMEOUT })
  await el('ps-save-conditions').click()
  assert((await conditionsSaved).status() === 200, 'the conditions PUT answered 200')
  const after = (await api('GET', `/exits/villages?year=${year}&division=${name.trim()}`)).data.items[0]
  const road2 = after.conditions.find((c) => c.code === 'collective_income')
  assert(road2.recorded && road2.met === !road.met, `the village's first condition saved: ${JSON.stringify(road2)}`)
  await page.locator('[data-test="ps-effective"] .el-table__row').first().waitFor()
  await el('ps-add-rule').click()
  await page.locator('[data-test="ps-rules"] [data-test="ps-rule-value"] input').first().fill('9')
  await page.locator('[data-test="ps-rules"] [data-test="ps-rule-value"] input').first().press('Tab')
  // the conditions' success message may still be showing: wait for the rules' own PUT
  const rulesSaved = page.waitForResponse((r) => r.url().includes('/api/v1/settings/procedures') &&
    r.request().method() === 'PUT', { timeout: TIMEOUT })
  await el('ps-save-rules').click()
  assert((await rulesSaved).status() === 200, 'the rules PUT answered 200')
  const set = await api('GET', `/settings/procedures?year=${year}`)
  assert(set.status === 200 && set.data.rules.length === 1 && set.data.rules[0].value === 9 && set.data.effective[0].value === 9,
    `the national rule saved: ${JSON.stringify(set.data && set.data.rules)}`)
  await shot(page, 'e2e-procedure-settings.png')
  const undo = await api('PUT', '/settings/procedures', { rules: [] })
  assert(undo.status === 200, `the rule removed again: ${undo.status}`)

  setStep('procedures: settings page by role (township: conditions only; auditor: not allowed)')
  await makeUsers(page)
  const browser = await launchBrowser()
  try {
    for (const role of ['township', 'auditor']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
      const p = await context.newPage()
      p.setDefaultTimeout(TIMEOUT)
      watchPage(p, problems)
      await apiLogin(context, USERS[role])
      await p.goto(BASE + '/procedures/settings', { waitUntil: 'networkidle' })
      if (role === 'township') {
        await elOf(p, 'ps-villages').waitFor({ state: 'visible' })
        assert(await p.locator('[data-test="ps-settings"]').count() === 0, 'a township does not see the settings card')
        await shot(p, 'e2e-procedure-settings-township.png')
      } else {
        await elOf(p, 'not-allowed').waitFor({ state: 'visible' })
      }
      await context.close()
    }
  } finally {
    await browser.close().catch(() => {})
  }
  log(`procedures: village ${village}, household ${hh.id}`)
  return true
}

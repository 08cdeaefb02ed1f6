// procedures.steps.mjs - browser steps of identification and exit (run.mjs step "procedures", after
// the registry steps, whose household in a village of 469030 they use; alone: node run.mjs procedures).
//
// What they do: the cases page (an exit case for the household is refused with a reason naming the
// unmet conditions: it has no income above the line) -> exit proposals of the village (the
// household with its condition tags) -> a sampling audit drawn for 469030, opened, one finding
// recorded (the figures follow) -> a 回头看 campaign opened and listed -> the county's exit report.
// Screenshots: e2e-procedures.png, e2e-exit-proposals.png, e2e-samplings.png, e2e-rechecks.png,
// e2e-county-report.png.

import { BASE } from './lib.mjs'

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
  log(`procedures: village ${village}, household ${hh.id}`)
  return true
}

// registry.steps.mjs - browser steps of the household registry (建档立卡) (run.mjs step "registry",
// after the org steps; alone: node run.mjs registry). They need imported
// divisions of county 469030; without a village there they log "skip" and return.
//
// What they do: 农户 list (it opens on the registered or monitored households: in_registry=true)
// -> create a household through the meta form (no 户编号 asked: the server's, shown after
// saving; the village picked by name; status 未脱贫 with attribute, main cause and year; the
// head's name once: the head is a member already) -> open it with the quick search -> add the
// spouse with a valid GB 11643 ID number -> enter the 2021
// income (the dialog shows the computed per-capita) -> the guarantees tab of 2021.
// Screenshots: e2e-household.png (guarantees tab), e2e-household-income.png,
// e2e-households.png (the list), e2e-household-mobile.png.
import { idCheckChar } from './org.steps.mjs'
import { pickDivision } from './lib.mjs'

export function idNumber(county, birth, seq) {
  const first = county + birth + String(seq).padStart(3, '0')
  return first + idCheckChar(first)
}

export async function runRegistrySteps(ctx) {
  const { page, log, shot, assert, waitPath, setStep } = ctx
  const el = (name) => page.locator(`[data-test="${name}"]`).first()
  const inputOf = (name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
  const visibleOption = (text) => page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp('^\\s*' + text + '\\s*$') }).first()
  const apiGet = (p) => page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    return r.ok ? r.json() : null
  }, p)
  async function pick(field, text, scope = page) {
    await scope.locator(`[data-test="field-${field}"] .el-select`).first().click()
    await visibleOption(text).click()
    await page.keyboard.press('Escape').catch(() => {})
  }

  setStep('registry: a village of 469030?')
  const vl = await apiGet('/divisions?level=village&q=469030&page_size=5')
  const village = vl && vl.items && vl.items.find((v) => String(v.code).startsWith('469030'))
  if (!village) {
    log('skip registry steps: no village of 469030 imported')
    return false
  }
  log(`registry: village ${village.code} ${village.name}`)

  setStep('registry: households list opens on the registry')
  const firstList = page.waitForResponse((r) => r.url().includes('/api/v1/households?'), { timeout: 15000 })
  await el('menu-households').click()
  await waitPath(page, '/households')
  await el('page-households').waitFor({ state: 'visible' })
  await el('list-household').waitFor({ state: 'visible' })
  const firstUrl = (await firstList).url()
  assert(firstUrl.includes('in_registry=true'), 'the list asks for the registered or monitored households first: ' + firstUrl)
  assert(await el('hh-scope-registry').evaluate((n) => n.classList.contains('is-active')), 'the registry scope is the one chosen')
  const shown = await (await firstList).json()
  assert(shown.items.every((h) => !['not_registered', 'removed'].includes(h.status) || h.monitor_category),
    'every household listed first is registered or monitored')

  setStep('registry: create a household')
  const head = '黎海生' + String(Date.now()).slice(-3)
  await el('list-create').click()
  const form = page.locator('[data-test="form-household"]')
  await form.waitFor({ state: 'visible' })
  assert(await form.locator('[data-test="field-household_no"]').count() === 0, 'the form asks no household number')
  await inputOf('field-head_name').fill(head)
  await pickDivision(page, 'picker-division', village.code)
  await page.waitForTimeout(200)
  await shot(page, 'e2e-household-form.png')
  await pick('status', '未脱贫')
  await pick('attribute', '一般贫困户')
  await pick('main_cause', '因病')
  await inputOf('field-identified_year').fill('2014')
  await pick('housing_grade', 'B级（基本安全）')
  await el('form-submit').click()
  await form.waitFor({ state: 'hidden' })
  const found = await apiGet('/households?q=' + encodeURIComponent(head))
  assert(found && found.items && found.items.length === 1, 'the new household is listed by the API')
  const hid = found.items[0].id
  const no = found.items[0].household_no
  assert(no.length === 16 && no.startsWith(village.code), `the server numbered it in the village: ${no}`)
  log(`registry: household ${no} id ${hid}`)
  await waitPath(page, '/households/' + hid)   // a new household opens
  await el('household-card').waitFor({ state: 'visible' })
  const note = page.locator('.lx-hh-created').first()
  await note.waitFor({ state: 'visible' })
  assert((await note.innerText()).includes(no), 'the number is shown after saving')
  await shot(page, 'e2e-household-created.png')
  await el('menu-households').click()
  await waitPath(page, '/households')

  setStep('registry: find it in the list, open it through the quick search (/search)')
  await inputOf('list-q').fill(no)
  await el('list-search').click()
  await el('list-table').waitFor({ state: 'visible' })
  await page.locator('.lx-hh-quick').first().click()
  await page.keyboard.type(head)
  await el('hit-household-' + hid).click()
  await waitPath(page, '/households/' + hid)
  await el('household-card').waitFor({ state: 'visible' })
  assert((await el('household-no').innerText()).includes(no), 'header card shows the household number')
  assert((await el('household-status').innerText()).includes('未脱贫'), 'header card shows the status')

  setStep('registry: add two members')
  const members = page.locator('[data-test="list-member"]')
  await members.waitFor({ state: 'visible' })
  const seq = 100 + Math.floor(Math.random() * 800)
  await page.waitForFunction(() => document.querySelectorAll('[data-test="list-member"] .el-table__body tr').length >= 1)
  const heads = await apiGet(`/households/${hid}/members`)
  assert(heads && heads.total === 1 && heads.items[0].relation === 'head' && heads.items[0].name === head,
    'the head is a member from the one name the form asked')
  const people = [
    { relation: '配偶', name: '符秀英', id: idNumber('469030', '19780720', (seq + 2) & ~1) }
  ]
  for (const m of people) {
    await members.locator('[data-test="list-create"]').click()
    const mf = page.locator('[data-test="form-member"]')
    await mf.waitFor({ state: 'visible' })
    await pick('relation', m.relation, mf)
    await mf.locator('[data-test="field-name"] input').fill(m.name)
    await mf.locator('[data-test="field-id_number"] input').fill(m.id)
    await mf.locator('[data-test="form-submit"]').click()
    await mf.waitFor({ state: 'hidden' })
    log(`registry: member ${m.name} ${m.id}`)
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-test="list-member"] .el-table__body tr').length >= 2)
  const mlist = await apiGet(`/households/${hid}/members`)
  assert(mlist && mlist.total === 2, 'the household has two members')

  setStep('registry: enter the 2021 income')
  await page.locator('.el-tabs__item', { hasText: /^收入$/ }).click()
  await el('income').waitFor({ state: 'visible' })
  await el('income-year').locator('.el-select').first().click().catch(async () => { await el('income-year').click() })
  await visibleOption('2021').click()
  await el('income-add').click()
  const inf = page.locator('[data-test="income-form"]')
  await inf.waitFor({ state: 'visible' })
  const parts = { wages: 9600, production: 3200, property: 0, transfers: 1800, costs: 1200 }
  for (const [k, v] of Object.entries(parts)) await inf.locator(`[data-test="income-${k}"] input`).fill(String(v))
  await inf.locator('[data-test="income-note"] input').fill('e2e').catch(() => {})
  await page.keyboard.press('Tab')
  const expected = Math.round((9600 + 3200 + 0 + 1800 - 1200) / 2)   // 6700
  await page.waitForFunction((pc) => {
    const n = document.querySelector('[data-test="income-computed"]')
    return n && n.textContent.replace(/,/g, '').includes(String(pc))
  }, expected)
  await el('income-save').click()
  await inf.waitFor({ state: 'hidden' })
  await page.waitForFunction((pc) => {
    const n = document.querySelector('[data-test="per-capita-2021"]')
    return n && n.textContent.replace(/,/g, '').trim() === String(pc)
  }, expected)
  const inc = await apiGet(`/households/${hid}/income/2021`)
  assert(inc && inc.per_capita === expected, `per-capita income 2021 is ${expected}`)
  await el('income-chart').waitFor({ state: 'visible' })
  await page.waitForTimeout(300)
  await shot(page, 'e2e-household-income.png')

  setStep('registry: guarantees of 2021')
  await page.locator('.el-tabs__item', { hasText: /^两不愁三保障$/ }).click()
  await el('guarantees').waitFor({ state: 'visible' })
  await el('indicator-education').waitFor({ state: 'visible' })
  await page.waitForFunction(() => {   // the year defaults to the newest year with an income record
    const s = document.querySelector('[data-test="guarantees"] .lx-guar-bar')
    return s && s.textContent.includes('2021')
  })
  for (const k of ['food', 'clothing', 'education', 'medical', 'housing', 'water']) await el('indicator-' + k).waitFor({ state: 'visible' })
  await page.waitForTimeout(300)
  await shot(page, 'e2e-household.png')

  setStep('registry: phone width household page')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(400)
  await shot(page, 'e2e-household-mobile.png')
  await page.setViewportSize({ width: 1280, height: 800 })

  setStep('registry: back to the list')
  await el('menu-households').click()
  await waitPath(page, '/households')
  await el('list-household').waitFor({ state: 'visible' })
  await page.waitForFunction(() => document.querySelectorAll('[data-test="list-household"] .el-table__body tr').length >= 1)
  await page.waitForTimeout(300)
  await shot(page, 'e2e-households.png')
  return true
}

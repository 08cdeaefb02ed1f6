// requests.steps.mjs - browser steps of the villagers' requests (诉求) (run.mjs step "requests",
// after the registry steps; alone: node run.mjs requests). They need the
// imported divisions of county 469030 (village 469030100206); without it they
// log "skip" and return.
//
// What they do: as the logged-in admin, make sure the township committee of
// 469030100 exists (POST /api/v1/orgs: the e2e database has no organisations
// unless the demo ran) so that a public request is routed to it -> in a fresh
// browser (no login, phone width) file a request on /public/request?division=
// 469030100206, note the ticket -> track it on /public/track with the phone's
// last four digits: 待签收, and no name or phone on the page -> as the admin,
// 诉求 › 待办 lists it -> open it: the requester masked, revealed with a
// reason -> 签收, 答复 -> the timeline shows both ->
// track again publicly: the reply is there. Screenshots: e2e-public-request.png,
// e2e-track.png, e2e-inbox.png, e2e-request.png.
import { launchBrowser, watchPage } from './lib.mjs'

const VILLAGE = '469030100206'
const TOWNSHIP = '469030100'
const ORG_NAME = '中共营根镇委员会'

// The public form (a plain page, no Vue: web/public-request.html) opened with no place: the township and the
// village picked by name; sent empty, each required field says so; in English the labels, the categories
// (name_en) and the errors are English; back in Chinese.
async function publicFormPicksAndLanguage(pub, base, { assert, el, shot }) {
  await pub.goto(base + '/public/request', { waitUntil: 'networkidle' })
  await el(pub, 'public-request').waitFor({ state: 'visible' })
  // the e2e database has five counties: the county is asked first (a county's own server has one, not asked)
  await pub.locator('[data-test="pub-place-county"] option', { hasText: '琼中' }).waitFor({ state: 'attached' })
  assert(await pub.locator('[data-test="pub-place-county"]').isVisible(), 'more than one county: the county is asked')
  assert(await pub.locator('[data-test="pub-place-township"]').isDisabled(), 'no township before a county')
  await pub.locator('[data-test="pub-place-county"]').selectOption('469030')
  await pub.locator('[data-test="pub-place-township"] option', { hasText: '营根镇' }).waitFor({ state: 'attached' })
  assert(await pub.locator('[data-test="pub-place-village"]').isDisabled(), 'no village before a township')
  await pub.locator('[data-test="pub-place-township"]').selectOption({ label: '营根镇' })
  await pub.locator('[data-test="pub-place-village"] option').nth(1).waitFor({ state: 'attached' })
  const village = await pub.locator('[data-test="pub-place-village"] option').nth(1).innerText()
  await pub.locator('[data-test="pub-place-village"]').selectOption({ label: village })
  const code = await pub.locator('[data-test="pub-place-village"]').inputValue()
  assert(/^469030100\d{3}$/.test(code), 'a village of 营根镇 chosen by name: ' + code)
  const named = await el(pub, 'pub-place-name').innerText()
  assert(named.includes('营根镇') && named.includes(village), 'the place named: ' + named)
  await el(pub, 'pub-submit').click()
  const errs = await pub.locator('[data-test="public-request"] .lx-f-err:visible').allInnerTexts()
  assert(errs.length === 4 && errs.every((e) => e === '必填'), 'category, content, name and phone required: ' + errs.join(' | '))
  await el(pub, 'lang-switch').click()
  await pub.locator('[data-test="pub-submit"]', { hasText: 'Submit' }).waitFor()
  const en = await pub.locator('[data-test="public-request"] .lx-f-err:visible').allInnerTexts()
  assert(en.length === 4 && en.every((e) => e === 'Required'), 'the errors in English: ' + en.join(' | '))
  const groups = await pub.locator('[data-test="pub-category"] optgroup').evaluateAll((gs) => gs.map((g) => g.label))
  assert(groups.length > 0 && groups.every((g) => !/[\u4e00-\u9fff]/.test(g)), 'the categories in English: ' + groups.join(', '))
  assert((await pub.locator('html').getAttribute('lang')) === 'en', 'the page says it is English')
  await shot(pub, 'e2e-public-request-en.png')
  await el(pub, 'lang-switch').click()
  await pub.locator('[data-test="pub-submit"]', { hasText: '提交' }).waitFor()
}

export async function runRequestSteps(ctx) {
  const { page, log, shot, assert, waitPath, setStep } = ctx
  const base = new URL(page.url()).origin
  const el = (p, name) => p.locator(`[data-test="${name}"]`).first()
  const inputOf = (p, name) => p.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first()
  const apiCall = (method, p, body) => page.evaluate(async ({ method, p, body }) => {
    const headers = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const csrf = sessionStorage.getItem('lianxin.csrf')
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf
    const r = await fetch('/api/v1' + p, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
    let data = null
    try { data = await r.json() } catch (_) { /* empty */ }
    return { status: r.status, data }
  }, { method, p, body })

  setStep('requests: village 469030100206?')
  const v = await apiCall('GET', '/divisions/' + VILLAGE)
  if (v.status !== 200) {
    log(`skip request steps: village ${VILLAGE} not imported`)
    return false
  }

  setStep('requests: township committee of 469030100')
  const orgs = await apiCall('GET', '/orgs?' + new URLSearchParams({ q: ORG_NAME, page_size: '20' }))
  let org = ((orgs.data && orgs.data.items) || []).find((o) => o.division === TOWNSHIP && o.type === 'township_committee')
  if (!org) {
    const made = await apiCall('POST', '/orgs', { name: ORG_NAME, type: 'township_committee', division: TOWNSHIP })
    assert(made.status === 201 || made.status === 200, `create the township committee: HTTP ${made.status} ${JSON.stringify(made.data)}`)
    org = made.data
    log(`requests: created org ${org.id} ${org.name}`)
  } else {
    log(`requests: org ${org.id} ${org.name} exists`)
  }

  // a fresh browser: no cookies, no session, phone width
  const problems = []
  const browser = await launchBrowser()
  try {
    const pub = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })).newPage()
    watchPage(pub, problems)

    setStep('requests: the public form picks township and village by name; errors and English')
    await publicFormPicksAndLanguage(pub, base, { assert, el, shot })

    setStep('requests: public form without login')
    await pub.goto(base + '/public/request?division=' + VILLAGE, { waitUntil: 'networkidle' })
    assert(new URL(pub.url()).pathname === '/public/request', 'the public form is not redirected to /login: ' + pub.url())
    await el(pub, 'public-request').waitFor({ state: 'visible' })
    // the poster's ?division= opens with the township and village chosen, by name
    await pub.locator('[data-test="pub-place-village"] option:checked', { hasText: '村' }).waitFor({ state: 'attached' })
    assert((await pub.locator('[data-test="pub-place-village"]').inputValue()) === VILLAGE, 'the place is pre-filled from ?division=')
    assert((await pub.locator('[data-test="pub-place-township"]').inputValue()) === VILLAGE.slice(0, 9), 'its township too')
    assert(/营根镇/.test(await el(pub, 'pub-place-name').innerText()), 'the place is named: ' + await el(pub, 'pub-place-name').innerText())
    const road = await pub.locator('[data-test="pub-category"] option', { hasText: '道路交通' }).first().getAttribute('value')
    await pub.locator('[data-test="pub-category"]').selectOption(road)
    const content = 'E2E 村口到学校的道路坑洼积水，请尽快修补 ' + Date.now()
    const name = '黎阿妹'
    const phone = '13912345678'
    await inputOf(pub, 'pub-content').fill(content)
    await inputOf(pub, 'pub-name').fill(name)
    await inputOf(pub, 'pub-phone').fill(phone)
    await el(pub, 'pub-submit').click()
    await el(pub, 'pub-ticket').waitFor({ state: 'visible' })
    const ticket = (await el(pub, 'pub-ticket').innerText()).trim()
    assert(/^\d{8,}$/.test(ticket), 'a ticket is shown: ' + ticket)
    log(`requests: filed ticket ${ticket}`)
    await shot(pub, 'e2e-public-request.png')

    setStep('requests: track publicly')
    await el(pub, 'pub-track').click()
    await pub.waitForURL((u) => new URL(u).pathname === '/public/track')
    assert((await inputOf(pub, 'track-ticket').inputValue()) === ticket, 'the ticket is carried over')
    await inputOf(pub, 'track-last4').fill(phone.slice(-4))
    await el(pub, 'track-submit').click()
    await el(pub, 'track-status').waitFor({ state: 'visible' })
    assert((await el(pub, 'track-status').innerText()).includes('待签收'), 'status 待签收')
    let body = await pub.locator('body').innerText()
    assert(!body.includes(name) && !body.includes(phone) && !body.includes(phone.slice(0, 7)),
      'no name or phone on the tracking page')
    assert(body.includes(ORG_NAME), 'the responsible organisation is shown')
    await shot(pub, 'e2e-track.png')

    setStep('requests: inbox')
    const found = await apiCall('GET', '/requests?' + new URLSearchParams({ q: ticket }))
    const id = found.data && found.data.items && found.data.items[0] && found.data.items[0].id
    assert(id, 'the admin finds the request by its ticket')
    await el(page, 'menu-requests').click()
    await waitPath(page, '/requests')
    await el(page, 'page-request-inbox').waitFor({ state: 'visible' })
    await el(page, 'open-request-' + id).waitFor({ state: 'visible' })
    assert((await el(page, 'status-' + id).innerText()).includes('待签收'), 'the inbox row shows 待签收')
    await page.waitForLoadState('networkidle')
    await shot(page, 'e2e-inbox.png')

    setStep('requests: open, sign')
    await el(page, 'open-request-' + id).click()
    await waitPath(page, '/requests/' + id)
    await el(page, 'request-card').waitFor({ state: 'visible' })
    assert((await el(page, 'request-ticket').innerText()).includes(ticket), 'the page shows the ticket')
    assert((await el(page, 'request-org').innerText()).includes(ORG_NAME), 'routed to the township committee')
    setStep('requests: the requester masked, revealed with a reason')
    const masked = await el(page, 'request-requester').innerText()
    assert(!masked.includes(name) && !masked.includes(phone) && masked.includes(phone.slice(-4)),
      'the requester is masked on the request page: ' + masked)
    await el(page, 'request-reveal').click()
    const box = page.locator('.lx-reveal-box')
    await box.waitFor({ state: 'visible' })
    await box.locator('input').fill('回访诉求人')
    await box.locator('.el-button--primary').click()
    await page.locator('[data-test="request-requester"]', { hasText: phone }).waitFor()
    assert((await el(page, 'request-requester').innerText()).includes(name), 'the name revealed too')

    await el(page, 'act-sign').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()   // 签收 asks first
    await page.locator('[data-test="request-status"]', { hasText: '已签收' }).waitFor()
    await el(page, 'step-sign').waitFor({ state: 'visible' })

    setStep('requests: reply')
    const reply = '已安排施工队本周内修补村口道路，感谢反映。'
    await el(page, 'act-reply').click()
    await inputOf(page, 'dlg-reply').waitFor({ state: 'visible' })
    await inputOf(page, 'dlg-reply').fill(reply)
    await el(page, 'dlg-submit').click()
    await page.locator('[data-test="request-status"]', { hasText: '已答复' }).waitFor()
    await el(page, 'step-reply').waitFor({ state: 'visible' })
    assert((await el(page, 'request-timeline').innerText()).includes(reply), 'the timeline shows the reply')
    assert((await el(page, 'request-reply').innerText()).includes(reply), 'the reply is shown')
    await page.locator('.el-message').last().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {})  // toasts gone
    await shot(page, 'e2e-request.png')

    setStep('requests: an action the status does not allow')
    const bad = await apiCall('POST', `/requests/${id}/actions`, { action: 'sign' })
    assert(bad.status === 409, 'sign after reply is 409: ' + bad.status)

    setStep('requests: track again')
    await pub.reload({ waitUntil: 'networkidle' })
    await inputOf(pub, 'track-last4').fill(phone.slice(-4))
    await el(pub, 'track-submit').click()
    await pub.locator('[data-test="track-status"]', { hasText: '已答复' }).waitFor()
    assert((await el(pub, 'track-reply').innerText()).includes(reply), 'the public page shows the reply')
    body = await pub.locator('body').innerText()
    assert(!body.includes(name) && !body.includes(phone), 'still no name or phone')

    setStep('requests: wrong last four digits')
    await inputOf(pub, 'track-last4').fill('0000')
    await el(pub, 'track-submit').click()
    await el(pub, 'form-error').waitFor({ state: 'visible' })

    assert(problems.length === 0, 'public pages: no 5xx / page errors / CSP violations:\n  ' + problems.join('\n  '))
  } finally {
    await browser.close().catch(() => {})
  }
  return true
}

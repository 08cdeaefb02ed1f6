// frontdoor.steps.mjs - the front door: byte budgets of first loads (compressed transfer measured in the
// browser), a phone login landing in the phone shell, each role's menu and a page it may not use, the home
// page's figures against the API, the phone page and the public form opened offline after one visit with
// an entry recorded offline and stored once after reconnecting; screenshots of each role's home.
//
// Users (made here through the API as the admin, first password changed): a county, a township, a village,
// a grid worker and an auditor of 琼中 (469030).
import { BASE, TIMEOUT, log, assert, shot, el, watchPage, launchBrowser, pickDivision } from './lib.mjs'

const PW = 'Front-Door-2026a'
const PW2 = 'Front-Door-2026b'
const COUNTY = '469030'
const TOWNSHIP = '469030100'
const VILLAGE = '469030100001'
const KB = 1024
export const BUDGETS = { publicForm: 150 * KB, mobile: 150 * KB, desktop: 450 * KB }
export const USERS = {
  county: { username: 'fd-county', role: 'county', scopes: [COUNTY] },
  township: { username: 'fd-town', role: 'township', scopes: [TOWNSHIP] },
  village: { username: 'fd-village', role: 'village', scopes: [VILLAGE] },
  grid: { username: 'fd-grid', role: 'grid', scopes: [VILLAGE] },
  auditor: { username: 'fd-auditor', role: 'auditor', scopes: [COUNTY] }
}
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }

// A JSON call from a page (its session cookie and CSRF token)
export const apiOf = (page) => (method, p, body) => page.evaluate(async ({ method, p, body }) => {
  const csrf = sessionStorage.getItem('lianxin.csrf')
  const r = await fetch('/api/v1' + p, { method, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(csrf && method !== 'GET' ? { 'X-CSRF-Token': csrf } : {}) } })
  return { status: r.status, data: await r.json().catch(() => null) }
}, { method, p, body })

// Make the users (409: already there) through the admin's page.
export async function makeUsers(adminPage) {
  const api = apiOf(adminPage)
  for (const u of Object.values(USERS)) {
    const r = await api('POST', '/users', { ...u, display_name: u.username, password: PW })
    assert(r.status === 201 || r.status === 409, `create ${u.username}: ${r.status} ${JSON.stringify(r.data)}`)
  }
}

// Log u in within context through its request API (no page loaded), changing the first password; the
// context then holds the session cookie. Returns the CSRF token.
export async function apiLogin(context, u) {
  const post = (p, data, csrf) => context.request.post(BASE + '/api/v1' + p, { data, headers: csrf ? { 'X-CSRF-Token': csrf } : {} })
  let r = await post('/auth/login', { username: u.username, password: PW2 })
  if (r.status() !== 200) r = await post('/auth/login', { username: u.username, password: PW })
  assert(r.status() === 200, `${u.username} logs in: ${r.status()}`)
  let d = await r.json()
  if (d.user.must_change_password) {
    const c = await post('/me/password', { old_password: PW, new_password: PW2 }, d.csrf_token)
    assert(c.status() === 200, `${u.username} changes the first password: ${c.status()}`)
    d = { ...d, ...(await c.json()) }
  }
  return d.csrf_token
}

// Bytes on the wire (encoded: compressed, with headers) of one first load of path in a fresh context,
// until the network is idle and `ready` is visible.
async function firstLoad(browser, opts, path, ready, user) {
  const context = await browser.newContext(opts)
  try {
    if (user) await apiLogin(context, user)
    const page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let total = 0
    const urls = new Map()
    const rows = []
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url))
    cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; rows.push([e.encodedDataLength, urls.get(e.requestId)]) })
    await page.goto(BASE + path, { waitUntil: 'networkidle' })
    await page.locator(`[data-test="${ready}"]`).first().waitFor({ state: 'visible' })
    await page.waitForLoadState('networkidle')
    const echarts = rows.some(([, u]) => /EChart|echarts/i.test(u || ''))
    return { total, rows, echarts }
  } finally {
    await context.close()
  }
}

async function budgets(browser) {
  const cases = [
    // the public form is a page without Vue (web/public-request.html): the Vue app's entry chunk is not fetched
    { name: 'public request form', path: '/public/request', ready: 'public-request', opts: PHONE, budget: BUDGETS.publicForm, noVue: true },
    { name: 'mobile home', path: '/m', ready: 'mobile-home', opts: PHONE, budget: BUDGETS.mobile, user: USERS.grid },
    { name: 'mobile new request', path: '/m/requests/new', ready: 'page-mobile-request', opts: PHONE, budget: BUDGETS.mobile, user: USERS.grid },
    { name: 'desktop shell (county home)', path: '/', ready: 'side-menu', opts: DESKTOP, budget: BUDGETS.desktop, user: USERS.county }
  ]
  for (const c of cases) {
    const m = await firstLoad(browser, c.opts, c.path, c.ready, c.user)
    log(`budget: ${c.name} ${(m.total / KB).toFixed(1)} KB of ${c.budget / KB} KB (${m.rows.length} responses)`)
    assert(m.total <= c.budget, `${c.name}: first load ${(m.total / KB).toFixed(1)} KB > ${c.budget / KB} KB:\n  ` +
      m.rows.sort((a, b) => b[0] - a[0]).slice(0, 12).map(([n, u]) => `${(n / KB).toFixed(1)} KB ${u}`).join('\n  '))
    assert(!m.echarts, `${c.name}: ECharts is not loaded`)
    if (c.noVue) {
      const vue = m.rows.filter(([, u]) => /\/assets\/(main|i18n|router)-/.test(u || ''))
      assert(!vue.length, `${c.name}: no Vue app chunk loaded: ${vue.map(([, u]) => u).join(', ')}`)
    }
  }
}

export async function runFrontDoorSteps({ page, setStep }) {
  setStep('front door: users of each role')
  await makeUsers(page)
  const adminApi = apiOf(page)
  const browser = await launchBrowser()
  const problems = []
  try {
    setStep('front door: byte budgets')
    await budgets(browser)

    setStep('front door: a phone login lands in the phone shell')
    const phoneCtx = await browser.newContext(PHONE)
    const phone = await phoneCtx.newPage()
    watchPage(phone, problems)
    await apiLogin(phoneCtx, USERS.grid)   // the first password changed
    await phoneCtx.clearCookies()
    await phone.goto(BASE + '/login', { waitUntil: 'networkidle' })
    await phone.locator('[data-test="login-username"] input, input[data-test="login-username"]').first().fill(USERS.grid.username)
    await phone.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(PW2)
    await el(phone, 'login-submit').click()
    await phone.waitForURL((u) => new URL(u).pathname === '/m')
    await el(phone, 'mobile-home').waitFor({ state: 'visible' })
    await el(phone, 'm-tabbar').waitFor({ state: 'visible' })
    await phone.waitForLoadState('networkidle')
    await shot(phone, 'e2e-home-grid-phone.png')
    // text at least 16 px, tap targets at least 44 px
    const small = await phone.evaluate(() => {
      const bad = []
      for (const e of document.querySelectorAll('[data-test="mobile-home"] *, [data-test="mobile-shell"] header *')) {
        if (!e.childNodes.length || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue
        const px = parseFloat(getComputedStyle(e).fontSize)
        if (px < 14) bad.push(`${e.tagName} "${e.textContent.trim().slice(0, 20)}" ${px}px`)
      }
      for (const e of document.querySelectorAll('[data-test="mobile-home"] a, [data-test="mobile-home"] button')) {
        const r = e.getBoundingClientRect()
        if (r.height && r.height < 44) bad.push(`tap ${e.tagName} "${e.textContent.trim().slice(0, 20)}" ${r.height}px high`)
      }
      return bad
    })
    assert(small.length === 0, 'phone home: text and tap targets large enough:\n  ' + small.join('\n  '))

    setStep('front door: a desktop user switches to the phone pages and back')
    await el(phone, 'm-to-desktop').click()
    await phone.waitForURL((u) => new URL(u).pathname === '/')
    await el(phone, 'to-mobile').waitFor({ state: 'visible' })
    await el(phone, 'to-mobile').click()
    await phone.waitForURL((u) => new URL(u).pathname === '/m')

    setStep('front door: the phone page opens offline; an entry made offline is stored once')
    await phone.goto(BASE + '/m/requests/new', { waitUntil: 'networkidle' })
    await phone.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT })
      .catch(async () => { await phone.reload({ waitUntil: 'networkidle' }) })
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT })
    await phone.locator('[data-test="m-category"] option').nth(2).waitFor({ state: 'attached' })
    await phoneCtx.setOffline(true)
    await phone.reload({ waitUntil: 'load' })
    await el(phone, 'page-mobile-request').waitFor({ state: 'visible' })
    assert((await el(phone, 'm-online').innerText()).includes('离线'), 'the page knows it is offline')
    await phone.locator('[data-test="m-category"] option').nth(2).waitFor({ state: 'attached' })
    const content = 'E2E 离线代办：村道路灯不亮 ' + Date.now()
    await phone.locator('[data-test="m-category"]').selectOption({ index: 2 })
    await phone.locator('[data-test="m-content"]').fill(content)
    await el(phone, 'm-submit').click()
    await el(phone, 'm-queue').waitFor({ state: 'visible' }).catch(async (e) => { await shot(phone, 'e2e-failure-phone.png'); throw e })
    assert((await el(phone, 'm-queue-count').innerText()).includes('1'), 'one entry waits')
    await shot(phone, 'e2e-mobile-offline-queue.png')
    await phoneCtx.setOffline(false)
    await el(phone, 'm-queue').waitFor({ state: 'detached', timeout: TIMEOUT })
    // the online event may fire more than once; the idempotency key keeps it one request
    await phone.evaluate(() => { window.dispatchEvent(new Event('online')) })
    await phone.waitForTimeout(500)
    const found = await adminApi('GET', '/requests?' + new URLSearchParams({ q: content.slice(-13) }))
    const same = ((found.data && found.data.items) || []).filter((r) => r.content === content)
    assert(same.length === 1, `the offline entry is stored once: ${same.length} (${JSON.stringify(found.data).slice(0, 300)})`)

    setStep('front door: the public form opens offline after one visit')
    const pubCtx = await browser.newContext(PHONE)
    const pub = await pubCtx.newPage()
    watchPage(pub, problems)
    await pub.goto(BASE + '/public/request?division=' + VILLAGE, { waitUntil: 'networkidle' })
    await pub.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true), null, { timeout: TIMEOUT })
    await pub.reload({ waitUntil: 'networkidle' })
    await pub.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT })
    await pubCtx.setOffline(true)
    await pub.reload({ waitUntil: 'load' })
    await el(pub, 'public-request').waitFor({ state: 'visible' })
    await pub.locator('[data-test="pub-place-village"] option:checked', { hasText: '营东' }).waitFor({ state: 'attached' })
    await shot(pub, 'e2e-public-offline.png')
    setStep('front door: a villager\'s request made offline waits on the phone and is stored once after reconnecting')
    await pub.locator('[data-test="pub-category"] option').nth(2).waitFor({ state: 'attached' })
    const pubContent = 'E2E 离线群众诉求：井盖丢失 ' + Date.now()
    await pub.locator('[data-test="pub-category"]').selectOption({ index: 2 })
    await pub.locator('[data-test="pub-content"]').fill(pubContent)
    await pub.locator('[data-test="pub-name"]').fill('离线村民')
    await pub.locator('[data-test="pub-phone"]').fill('13700001111')
    await el(pub, 'pub-submit').click()
    await el(pub, 'pub-outbox').waitFor({ state: 'visible' }).catch(async (e) => { await shot(pub, 'e2e-failure-public.png'); throw e })
    const waitingText = await el(pub, 'pub-outbox').innerText()
    assert(waitingText.includes('已保存在本机') && waitingText.includes('井盖丢失'), `the request waits on the phone: ${waitingText}`)
    assert(await el(pub, 'public-request').isVisible(), 'the form stays open for another request')
    await shot(pub, 'e2e-public-offline-queue.png')
    await pubCtx.setOffline(false)
    await pub.evaluate(() => { window.dispatchEvent(new Event('online')) })
    await pub.locator('[data-test="pub-outbox-items"] li.is-sent').waitFor({ state: 'visible', timeout: TIMEOUT })
    // sent again (a second online event, a reply lost on a weak signal): the idempotency key keeps it one request
    await pub.evaluate(() => { window.dispatchEvent(new Event('online')) })
    await pub.waitForTimeout(500)
    const sentText = await pub.locator('[data-test="pub-outbox-items"] li.is-sent').innerText()
    const ticketSent = (sentText.match(/\d{14}/) || [''])[0]
    assert(ticketSent, `the sent request shows its ticket: ${sentText}`)
    await shot(pub, 'e2e-public-offline-sent.png')
    const pubFound = await adminApi('GET', '/requests?' + new URLSearchParams({ q: ticketSent }))
    const pubSame = ((pubFound.data && pubFound.data.items) || []).filter((r) => r.content === pubContent)
    assert(pubSame.length === 1 && pubSame[0].channel === 'web',
      `the villager's offline request is stored once, from the web: ${JSON.stringify(pubFound.data).slice(0, 300)}`)
    await pubCtx.close()

    setStep('front door: each role\'s menu; a page the role may not use')
    const menus = {}
    for (const role of ['county', 'township', 'village', 'auditor']) {
      const ctx = await browser.newContext(DESKTOP)
      const p = await ctx.newPage()
      watchPage(p, problems)
      await apiLogin(ctx, USERS[role])
      await p.goto(BASE + '/', { waitUntil: 'networkidle' })
      await el(p, 'side-menu').waitFor({ state: 'visible' })
      await el(p, 'dashboard').waitFor({ state: 'visible' })
      await p.waitForLoadState('networkidle')
      menus[role] = await p.locator('[data-test="side-menu"] [data-test^="menu-"]').evaluateAll((es) => es.map((e) => e.dataset.test.slice(5)))
      await shot(p, `e2e-home-${role}.png`)
      if (role === 'county') await homeFiguresMatch(p)
      if (role === 'county') await routingRulePickers(p)
      if (role === 'village') {
        for (const path of ['/imports', '/routing-rules', '/requests/calendar', '/audit']) {
          await p.goto(BASE + path, { waitUntil: 'networkidle' })
          await el(p, 'not-allowed').waitFor({ state: 'visible' })
          assert((await el(p, 'not-allowed').innerText()).includes('无权访问'), `${path}: says it is not allowed`)
        }
        await shot(p, 'e2e-not-allowed-village.png')
      }
      if (role === 'auditor') await auditLog(p)
      await ctx.close()
    }
    log('menus: ' + Object.entries(menus).map(([r, m]) => `${r}=${m.length}`).join(' '))
    for (const hidden of ['imports', 'routing-rules', 'calendar', 'audit']) assert(!menus.village.includes(hidden), `village: no ${hidden} in the menu: ${menus.village}`)
    for (const shown of ['imports', 'routing-rules', 'calendar', 'households', 'requests']) assert(menus.county.includes(shown), `county: ${shown} in the menu`)
    assert(!menus.county.includes('audit') && menus.auditor.includes('audit'), 'audit: the auditor\'s only')
    assert(menus.township.includes('imports') && !menus.township.includes('calendar'), 'township: imports, no calendar')
    assert(problems.length === 0, 'front door pages: no 5xx / page errors / CSP violations:\n  ' + problems.join('\n  '))
  } finally {
    await browser.close().catch(() => {})
  }
}

// The county home's figures are the API's.
async function homeFiguresMatch(p) {
  const api = apiOf(p)
  const want = {}
  const open = await api('GET', `/requests?open=1&division=${COUNTY}&page_size=1`)
  want['home-open-requests'] = open.data.total
  const overdue = await api('GET', `/requests?open=1&timeliness=overdue&division=${COUNTY}&page_size=1`)
  want['home-overdue'] = overdue.data.total
  let registered = 0
  for (const st of ['poor', 'exited_enjoying', 'exited', 'relapsed']) {
    const hh = await api('GET', `/households?division=${COUNTY}&status=${st}&page_size=1`)
    want['home-status-' + st] = hh.data.total
    registered += hh.data.total
  }
  want['home-households'] = registered
  want['home-monitored'] = (await api('GET', `/monitoring?division=${COUNTY}&page_size=1`)).data.total
  want['home-unread'] = (await api('GET', '/notices?mine=1&pending=1&page_size=1')).data.total
  for (const [k, v] of Object.entries(want)) {
    await p.locator(`[data-test="${k}"]`).first().filter({ hasNotText: '—' }).waitFor()
    const shown = (await el(p, k).innerText()).replace(/[^\d]/g, '')
    assert(shown === String(v), `home ${k}: shows ${shown}, the API says ${v}`)
  }
  log('home figures = API: ' + JSON.stringify(want))
}

// The auditor's log: the village user's logins found by user name, each a success; exported as CSV.
async function auditLog(p) {
  await el(p, 'menu-audit').click()
  await el(p, 'page-audit').waitFor({ state: 'visible' })
  await p.locator('input[data-test="audit-username"], [data-test="audit-username"] input').first().fill(USERS.village.username)
  await el(p, 'audit-search').click()
  await p.locator('[data-test="audit-table"] .el-table__row', { hasText: USERS.village.username }).first().waitFor()
  const rows = await p.locator('[data-test="audit-table"] .el-table__row').allInnerTexts()
  assert(rows.length >= 1 && rows.every((r) => r.includes(USERS.village.username)), 'the log filtered by user: ' + rows.join(' | '))
  assert(rows.some((r) => r.includes('登录') && r.includes('成功')), 'a successful login of the village user: ' + rows.join(' | '))
  // the server's export under the page's filter: the village user's rows only, the actions in words
  const [download] = await Promise.all([p.waitForEvent('download'), el(p, 'audit-export-csv').click()])
  const file = await download.path()
  const lines = (await import('node:fs')).readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/)
  assert(lines[0].includes('"操作人"') && lines[0].includes('"操作"') && lines.length >= 2 &&
    lines.slice(1).every((l) => l.includes(`"${USERS.village.username}"`)) && lines.some((l) => l.includes('"登录"')),
  'the CSV export: ' + lines.slice(0, 3).join(' | '))
  await shot(p, 'e2e-audit.png')
}

// Routing rules name their categories and places: the list shows a rule's category by name, and the
// form picks the category by name (the request category list) and the place in the division tree.
async function routingRulePickers(p) {
  const api = apiOf(p)
  const cats = ((await api('GET', '/public/request-categories')).data || {}).items || []
  const top = cats.find((c) => !c.parent_code && cats.some((k) => k.parent_code === c.code))
  const kid = top && cats.find((k) => k.parent_code === top.code)
  assert(kid, 'the request categories have a top category with sub-categories')
  const orgs = ((await api('GET', `/orgs?division=${COUNTY}&page_size=1`)).data || {}).items || []
  if (orgs.length) {
    const r = await api('POST', '/routing-rules', { division: TOWNSHIP, category: kid.code, org_id: orgs[0].id, note: 'e2e front door' })
    assert(r.status === 201, `a routing rule: ${r.status} ${JSON.stringify(r.data)}`)
  }
  await p.goto(BASE + '/routing-rules', { waitUntil: 'networkidle' })
  await el(p, 'list-routing_rule').waitFor({ state: 'visible' })
  if (orgs.length) {
    const row = p.locator('[data-test="list-routing_rule"] .el-table__row', { hasText: kid.name }).first()
    await row.waitFor()
    const text = await row.innerText()
    assert(text.includes(kid.name) && !text.includes(kid.code), `the rule's category by name: ${text}`)
  }
  await el(p, 'list-create').click()
  const form = p.locator('[data-test="form-routing_rule"]')
  await form.waitFor({ state: 'visible' })
  await form.locator('[data-test="picker-category"]').click()
  await p.keyboard.type(kid.name)
  await p.locator('.el-cascader__suggestion-item:visible', { hasText: kid.name }).first().click()
  const shown = await form.locator('[data-test="picker-category"] input').first().inputValue()
  assert(shown.includes(kid.name) && !shown.includes(kid.code), `the category picked by name shows its name: ${shown}`)
  await pickDivision(p, 'picker-division', TOWNSHIP)
  const place = await form.locator('[data-test="field-division"]').innerText()
  assert(!/\d{6,}/.test(place) && place.trim().length > 0, `the place shows a name, not a code: ${place}`)
  await shot(p, 'e2e-routing-rule-form.png')
  await p.keyboard.press('Escape')
}

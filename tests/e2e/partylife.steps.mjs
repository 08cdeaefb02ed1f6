// Browser steps of the party organisational life (组织生活), run by
// login.test.mjs after the requests steps (and standalone by
// partylife.test.mjs). They need the imported divisions of county 469030
// (townships 469030100 and 469030101); without them they log "skip" and return.
//
// What they do: as the logged-in admin (fetch with the store's X-CSRF-Token),
// make sure the county committee of 469030 and the township committees of
// 469030100 and 469030101 exist (POST /api/v1/orgs) -> 组织生活 › 通知与任务:
// send a notice from the county committee to division 469030, org type
// township_committee -> in the inbox, sign it for 469030100's committee ->
// open the notice: the roster shows 469030100 signed and 469030101 unread and
// unsigned -> 合规情况 renders -> 周调度: last week's and this week's dispatch of
// 469030100's committee (API), the sheet of this week shows last week's open
// matter as carried over. Screenshots: e2e-notice-roster.png, e2e-compliance.png,
// e2e-schedule.png.
const COUNTY = '469030'
const TOWNSHIPS = ['469030100', '469030101']

export async function runPartyLifeSteps(ctx) {
  const { page, log, shot, assert, waitPath, setStep } = ctx
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

  setStep('party life: divisions of 469030?')
  const names = {}
  for (const code of [COUNTY, ...TOWNSHIPS]) {
    const d = await apiCall('GET', '/divisions/' + code)
    if (d.status !== 200) {
      log(`skip party-life steps: division ${code} not imported`)
      return false
    }
    names[code] = d.data.name
  }

  // the organisations: one committee per division (reuse one made earlier, e.g. by the requests steps)
  async function committee(code, type) {
    const list = await apiCall('GET', '/orgs?' + new URLSearchParams({ division: code, page_size: '100' }))
    let org = ((list.data && list.data.items) || []).find((o) => o.division === code && o.type === type)
    if (!org) {
      const made = await apiCall('POST', '/orgs', { name: `中共${names[code]}委员会`, type, division: code })
      assert(made.status === 201 || made.status === 200, `create the ${type} of ${code}: HTTP ${made.status} ${JSON.stringify(made.data)}`)
      org = made.data
      log(`party life: created org ${org.id} ${org.name}`)
    }
    return org
  }
  setStep('party life: organisations')
  const county = await committee(COUNTY, 'county_committee')
  const t100 = await committee(TOWNSHIPS[0], 'township_committee')
  const t101 = await committee(TOWNSHIPS[1], 'township_committee')

  setStep('party life: send a notice')
  await el(page, 'menu-pl-notices').click()
  await waitPath(page, '/party-life')
  await el(page, 'page-notices').waitFor({ state: 'visible' })
  await el(page, 'notice-send').click()
  await el(page, 'n-submit').waitFor({ state: 'visible' })
  await el(page, 'n-from').click()
  await inputOf(page, 'n-from').fill(county.name)
  await page.locator('.el-select-dropdown__item:visible', { hasText: county.name }).first().click()
  await inputOf(page, 'n-target').fill(COUNTY)
  await el(page, 'n-types').click()
  await page.locator('[data-test="n-type-township_committee"]:visible').click()
  await page.keyboard.press('Escape')
  const title = 'E2E 关于开展主题党日活动的通知 ' + Date.now()
  await inputOf(page, 'n-title').fill(title)
  await inputOf(page, 'n-body').fill('请各乡镇党委于本月 25 日组织开展主题党日活动，并签收本通知。')
  await inputOf(page, 'n-attachments').fill('活动方案.docx\n签到表.xlsx')
  await el(page, 'n-submit').click()
  await el(page, 'n-submit').waitFor({ state: 'hidden' })
  const found = await apiCall('GET', '/notices?page_size=20')
  const notice = ((found.data && found.data.items) || []).find((n) => n.title === title)
  assert(notice, 'the notice was created')
  assert(notice.targets === 2, `two townships receive it (targets = ${notice.targets})`)
  log(`party life: notice ${notice.id} to ${notice.targets} organisations`)

  setStep('party life: sign in the inbox for 469030100')
  const signBtn = el(page, `sign-${notice.id}-${t100.id}`)
  await signBtn.waitFor({ state: 'visible' })
  await el(page, `sign-${notice.id}-${t101.id}`).waitFor({ state: 'visible' })
  await signBtn.click()
  await page.locator(`[data-test="inbox-status-${notice.id}-${t100.id}"]`, { hasText: '已签收' }).waitFor()
  assert((await el(page, `inbox-status-${notice.id}-${t101.id}`).innerText()).includes('未签收'), 'the other township is still unsigned in the inbox')

  setStep('party life: the sender\'s roster')
  await el(page, `inbox-open-${notice.id}`).click()
  await waitPath(page, '/party-life/notices/' + notice.id)
  await el(page, 'roster-table').waitFor({ state: 'visible' })
  await el(page, `roster-status-${t101.id}`).waitFor({ state: 'visible' })
  const other = await el(page, `roster-status-${t101.id}`).innerText()
  assert(other.includes('未读') && other.includes('未签收'), `469030101's committee is unread and unsigned: ${other}`)
  const signed = await el(page, `roster-status-${t100.id}`).innerText()
  assert(signed.includes('已签收') && signed.includes('已读'), `469030100's committee signed: ${signed}`)
  assert((await el(page, 'level-unsigned-township').innerText()).trim() === '1', 'one township unsigned')
  await page.locator('.el-message').last().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {})
  await shot(page, 'e2e-notice-roster.png')
  await el(page, 'roster-filter-unsigned').click()
  await el(page, `roster-org-${t100.id}`).waitFor({ state: 'detached' })
  assert(await el(page, `roster-org-${t101.id}`).isVisible(), 'the unsigned filter keeps 469030101')

  setStep('party life: compliance')
  await el(page, 'menu-pl-compliance').click()
  await waitPath(page, '/party-life/compliance')
  await el(page, 'compliance-tiles').waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-compliance.png')

  // 周调度: this week's dispatch of 469030100's committee with a matter carried from last week
  setStep('party life: weekly dispatch')
  const isoWeek = (ms) => {
    const d = new Date(ms + 8 * 3600000)
    const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + (3 - ((d.getUTCDay() + 6) % 7)) * 86400000)
    const y = thu.getUTCFullYear()
    return `${y}-W${String(1 + Math.floor((thu - Date.UTC(y, 0, 1)) / (7 * 86400000))).padStart(2, '0')}`
  }
  const weeks = [isoWeek(Date.now() - 7 * 86400000), isoWeek(Date.now())]
  const sched = []
  for (const week of weeks) {
    const s = await apiCall('POST', '/schedules', { org_id: t100.id, week, title: '脱贫攻坚周调度会' })
    assert(s.status === 201, `dispatch of ${week}: HTTP ${s.status} ${JSON.stringify(s.data)}`)
    sched.push(s.data)
  }
  const matter = 'E2E 道路硬化进度 ' + Date.now()
  const made = await apiCall('POST', `/schedules/${sched[0].id}/items`, { matter, progress: '路基完成 60%', next_step: '下周铺面' })
  assert(made.status === 201, `a matter last week: HTTP ${made.status} ${JSON.stringify(made.data)}`)
  await el(page, 'menu-pl-schedules').click()
  await waitPath(page, '/party-life/schedules')
  await el(page, 'schedule-org').click()
  await inputOf(page, 'schedule-org').fill(t100.name)
  await page.locator('.el-select-dropdown__item:visible', { hasText: t100.name }).first().click()
  await el(page, 'schedule-items').waitFor({ state: 'visible' })
  await page.locator('[data-test="schedule-items"] .el-table__row', { hasText: matter }).waitFor()
  assert(await page.locator('[data-test="schedule-items"] .el-table__row', { hasText: matter }).locator('[data-test="tag-carried"]').isVisible(),
    "last week's open matter is carried into this week")
  await page.waitForTimeout(300)
  await shot(page, 'e2e-schedule.png')
  return true
}

// partylife.steps.mjs - browser steps of the party organisational life (组织生活) (run.mjs step
// "partylife", after the requests steps; alone: node run.mjs partylife). They need the
// imported divisions of county 469030 (townships 469030100 and 469030101); without them they log "skip" and return.
//
// What they do: as the logged-in admin (fetch with the store's X-CSRF-Token),
// make sure the county committee of 469030 and the township committees of
// 469030100 and 469030101 exist (POST /api/v1/orgs) -> 组织生活 › 通知与任务:
// send a notice from the county committee to division 469030, org type
// township_committee -> a township user of 469030100 (made with POST /users,
// logged in in a second browser) finds it in its inbox (GET /notices?mine=1:
// its own committee only) and signs it -> the admin opens the notice under
// 全部通知: the roster shows 469030100 signed and 469030101 unread and
// unsigned -> 合规情况 renders -> a meeting of 469030100's committee is
// recorded through the API, opened, edited in the meeting form (topic, place)
// and the page shows the change -> 家庭党校: a school of village 469030100xxx
// (POST /family-schools) and a session recorded from its row in the activity
// report; the tiles count it. The meeting calendar: three more meetings on
// the edited meeting's day, 会议记录 › 日历, to its month with 上个月 if need
// be: four that day, three chips and 还有 1 场; the day's dialog lists four and
// opens the list of that day (from/to); back returns to the calendar (e2e.sh's
// database has no demo county, so the month is the test's own). Screenshots: e2e-inbox-township.png,
// e2e-notice-roster.png, e2e-compliance.png, e2e-meeting-edited.png,
// e2e-meeting-calendar.png, e2e-family-schools.png. Then 周调度: last week's and this
// week's dispatch of 469030100's committee (API); this week's sheet shows last week's open
// matter as carried over (e2e-schedule.png).
import { launchBrowser, TIMEOUT, pickDivision } from './lib.mjs'

const COUNTY = '469030'
const TOWNSHIPS = ['469030100', '469030101']
const TOWN_USER = 'e2e-town100'
const TOWN_PW = 'Town-2026-first'
const TOWN_PW2 = 'Town-2026-second'

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
  await pickDivision(page, 'n-target', COUNTY)   // a division picked by name (the tree under the user's scope)
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

  setStep('party life: the township user of 469030100')
  const made = await apiCall('POST', '/users', { username: TOWN_USER, display_name: '凤凰镇（e2e）', role: 'township', scopes: [TOWNSHIPS[0]], password: TOWN_PW })
  assert(made.status === 201 || made.status === 409, `create ${TOWN_USER}: HTTP ${made.status} ${JSON.stringify(made.data)}`)
  const base = new URL(page.url()).origin
  const browser = await launchBrowser()
  try {
    const town = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage()
    town.setDefaultTimeout(TIMEOUT)
    await town.goto(base + '/login', { waitUntil: 'networkidle' })
    // log in and change the first password through the API, then open the page with that session
    const logged = await town.evaluate(async ({ u, pw, pw2 }) => {
      const post = async (p, body, csrf) => {
        const r = await fetch('/api/v1' + p, { method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) } })
        return { status: r.status, data: await r.json().catch(() => null) }
      }
      let r = await post('/auth/login', { username: u, password: pw })
      if (r.status !== 200) r = await post('/auth/login', { username: u, password: pw2 })
      if (r.status !== 200) return r.status
      let csrf = r.data.csrf_token
      if (r.data.user.must_change_password) {
        const c = await post('/me/password', { old_password: pw, new_password: pw2 }, csrf)
        if (c.status !== 200) return 'password ' + c.status
        if (c.data && c.data.csrf_token) csrf = c.data.csrf_token
      }
      sessionStorage.setItem('lianxin.csrf', csrf)
      return 200
    }, { u: TOWN_USER, pw: TOWN_PW, pw2: TOWN_PW2 })
    assert(logged === 200, `${TOWN_USER} logs in: ${logged}`)

    setStep('party life: sign in the township\'s inbox')
    await town.goto(base + '/party-life', { waitUntil: 'networkidle' })
    await town.locator('[data-test="page-notices"]').waitFor({ state: 'visible' })
    const signBtn = town.locator(`[data-test="sign-${notice.id}-${t100.id}"]`)
    await signBtn.waitFor({ state: 'visible' })
    assert(await town.locator(`[data-test="sign-${notice.id}-${t101.id}"]`).count() === 0, 'the inbox lists the own committee only, not 469030101\'s')
    await signBtn.click()
    await town.locator(`[data-test="inbox-status-${notice.id}-${t100.id}"]`, { hasText: '已签收' }).waitFor()
    await town.locator('[data-test="inbox-pending"]').click()
    await town.locator(`[data-test="inbox-org-${notice.id}-${t100.id}"]`).waitFor({ state: 'detached' })
    await town.locator('[data-test="inbox-pending"]').click()
    await town.locator(`[data-test="inbox-org-${notice.id}-${t100.id}"]`).waitFor({ state: 'visible' })
    await town.locator('.el-message').last().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {})
    await shot(town, 'e2e-inbox-township.png')
  } finally {
    await browser.close().catch(() => {})
  }

  setStep('party life: the admin\'s inbox has no own organisation')
  await page.reload({ waitUntil: 'networkidle' })
  await el(page, 'inbox-no-own').waitFor({ state: 'visible' })
  await el(page, 'notice-tab-all').click()
  await el(page, `open-notice-${notice.id}`).click()

  setStep('party life: the sender\'s roster')
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
  // the level table's 未读 count of the townships narrows the (server-paged) roster to them
  await el(page, 'roster-filter').locator('label').first().click()
  await el(page, `roster-org-${t100.id}`).waitFor({ state: 'visible' })
  await el(page, 'level-pick-unread-township').click()
  await el(page, `roster-org-${t100.id}`).waitFor({ state: 'detached' })
  assert(await el(page, `roster-org-${t101.id}`).isVisible(), 'the townships\' unread count lists 469030101')
  assert(/共\s*1\s*条/.test(await el(page, 'roster-pager').innerText()), 'the pager counts one receipt')

  setStep('party life: compliance')
  await el(page, 'menu-pl-compliance').click()
  await waitPath(page, '/party-life/compliance')
  // the first read after the writes above recomputes the county's compliance (about 1 s alone,
  // over 15 s seen with the whole check running on two cores): a longer wait than the default
  await el(page, 'compliance-tiles').waitFor({ state: 'visible', timeout: 60000 })
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-compliance.png')

  setStep('party life: a meeting edited')
  const day = new Date(Date.now() - 86400000 * 2)
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86400000)   // a Monday: not a meeting-free day by default
  const startsAt = monday.toISOString().slice(0, 10) + 'T19:30:00+08:00'
  const mt = await apiCall('POST', '/meetings', { org_id: t100.id, kind: 'branch_committee', starts_at: startsAt, place: '镇党委会议室', topic: 'E2E 研究本月党建工作' })
  assert(mt.status === 201, `record a meeting: HTTP ${mt.status} ${JSON.stringify(mt.data)}`)
  await page.goto(new URL(page.url()).origin + '/party-life/meetings/' + mt.data.id, { waitUntil: 'networkidle' })
  await el(page, 'meeting-card').waitFor({ state: 'visible' })
  await el(page, 'meeting-edit').click()
  await el(page, 'form-meeting-edit').waitFor({ state: 'visible' })
  assert((await inputOf(page, 'm-topic').inputValue()) === 'E2E 研究本月党建工作', 'the form starts with the stored topic')
  await inputOf(page, 'm-topic').fill('E2E 研究本月党建工作（修改）')
  await inputOf(page, 'm-place').fill('镇党群服务中心')
  await el(page, 'm-submit').click()
  await el(page, 'form-meeting-edit').waitFor({ state: 'hidden' })
  await page.locator('[data-test="meeting-topic"]', { hasText: '（修改）' }).waitFor()
  assert((await el(page, 'meeting-card').innerText()).includes('镇党群服务中心'), 'the card shows the new place')
  const back = await apiCall('GET', '/meetings/' + mt.data.id)
  assert(back.data.topic === 'E2E 研究本月党建工作（修改）' && back.data.kind === 'branch_committee', 'the server kept the edit and the kind')
  await page.locator('.el-message').last().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {})
  await shot(page, 'e2e-meeting-edited.png')

  setStep('party life: the meeting calendar')
  // three more meetings on the edited meeting's day (09:00, 14:30, 20:30): four that day, three chips and 还有 1 场
  const mday = startsAt.slice(0, 10)
  for (const [org, kind, hm] of [[t100, 'party_group', '09:00'], [t101, 'theme_day', '14:30'], [t101, 'party_lecture', '20:30']]) {
    const x = await apiCall('POST', '/meetings', { org_id: org.id, kind, starts_at: `${mday}T${hm}:00+08:00`, place: '党群服务中心', topic: 'E2E 日历 ' + hm })
    assert(x.status === 201, `a meeting at ${hm}: HTTP ${x.status} ${JSON.stringify(x.data)}`)
  }
  await el(page, 'menu-pl-meetings').click()
  await waitPath(page, '/party-life/meetings')
  await el(page, 'meeting-table').waitFor({ state: 'visible' })
  await el(page, 'meeting-view-calendar').click()
  await el(page, 'meeting-calendar').waitFor({ state: 'visible' })
  // to the meeting's month with the 上个月 button (the Monday may lie in the month before)
  const nowMonth = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 7)
  if (mday.slice(0, 7) !== nowMonth) await el(page, 'meeting-prev').click()
  await page.waitForURL((u) => new URL(u).searchParams.get('view') === 'calendar')
  const count = el(page, 'cal-count-' + mday)
  await count.waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  const nDay = Number(((await count.innerText()).match(/\d+/) || [0])[0])
  assert(nDay >= 4, `four meetings on ${mday}: ${await count.innerText()}`)
  assert(await el(page, 'cal-meeting-' + mt.data.id).isVisible(), 'the edited meeting is a chip of its day')
  assert(await el(page, 'cal-more-' + mday).isVisible(), 'the fourth meeting is behind 还有 1 场')
  assert((await el(page, 'meeting-calendar').locator('[role="columnheader"]').first().innerText()).trim() === '周一', 'the week starts on Monday')
  await page.waitForTimeout(400)   // the view toggle's transition
  await shot(page, 'e2e-meeting-calendar.png')
  await el(page, 'cal-day-' + mday).locator('.lx-cal-num').click()   // the day, not one of its chips (those open the meeting)
  await el(page, 'cal-day-dialog').waitFor({ state: 'visible' })
  await el(page, 'cal-open-' + mt.data.id).waitFor({ state: 'visible' })
  assert(await page.locator('[data-test="cal-day-dialog"] .el-table__row').count() === Math.min(nDay, 20), 'the day lists its meetings')
  await el(page, 'cal-day-list').click()
  await page.waitForURL((u) => new URL(u).searchParams.get('from') === mday)
  await el(page, 'meeting-day-filter').waitFor({ state: 'visible' })
  await el(page, 'open-meeting-' + mt.data.id).waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  assert(await page.locator('[data-test="meeting-table"] .el-table__row').count() === Math.min(nDay, 50), 'the list of the day has its meetings')
  await page.goBack()
  await el(page, 'cal-count-' + mday).waitFor({ state: 'visible' })

  setStep('party life: family party schools')
  const villages = await apiCall('GET', '/divisions/' + TOWNSHIPS[0] + '/children')
  const village = ((villages.data && (villages.data.items || villages.data)) || []).find((v) => String(v.code).length === 12)
  if (!village) {
    log('skip family-school steps: no village under ' + TOWNSHIPS[0])
    return true
  }
  const school = await apiCall('POST', '/family-schools', { name: 'E2E 王家家庭党校 ' + Date.now(), division: village.code, org_id: t100.id, activity_day: 15, exchange_week: 2 })
  assert(school.status === 201, `a family school: HTTP ${school.status} ${JSON.stringify(school.data)}`)
  await el(page, 'menu-pl-schools').click()
  await waitPath(page, '/party-life/family-schools')
  await el(page, 'fs-tiles').waitFor({ state: 'visible' })
  await el(page, `fs-record-${school.data.id}`).click()
  await el(page, 'form-fs-session').waitFor({ state: 'visible' })
  await inputOf(page, 't-title').fill('学政策、学技术')
  // five minutes ago, China time: inside the reported quarter
  const cst = new Date(Date.now() + 8 * 3600000 - 5 * 60000).toISOString()
  await page.locator('[data-test="form-fs-session"] .el-date-editor input').first().fill(cst.slice(0, 10) + ' ' + cst.slice(11, 16))
  await page.keyboard.press('Enter')
  await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {})
  await el(page, 't-exchange').click()
  await el(page, 't-submit').click()
  await el(page, 'form-fs-session').waitFor({ state: 'hidden' })
  const sessions = await apiCall('GET', '/trainings?school_id=' + school.data.id)
  assert(sessions.data.total === 1 && sessions.data.items[0].exchange === true && sessions.data.items[0].kind === 'family_school',
    `one exchange session of the school: ${JSON.stringify(sessions.data)}`)
  await page.locator('.el-message').last().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {})
  await page.reload({ waitUntil: 'networkidle' })
  await page.locator(`[data-test="fs-school-${school.data.id}"]`).waitFor()
  await el(page, 'fs-chart').waitFor({ state: 'visible' })
  assert(Number((await el(page, 'fs-total-schools').innerText()).trim()) >= 1, 'the tiles count the school')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-family-schools.png')

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
  const carried = await apiCall('POST', `/schedules/${sched[0].id}/items`, { matter, progress: '路基完成 60%', next_step: '下周铺面' })
  assert(carried.status === 201, `a matter last week: HTTP ${carried.status} ${JSON.stringify(carried.data)}`)
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

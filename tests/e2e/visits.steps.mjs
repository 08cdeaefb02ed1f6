// visits.steps.mjs - the cadre's phone visit page (run.mjs step "visits"; alone: node run.mjs visits). It needs the
// imported divisions of county 469030.
//
// What it does: as the admin (through the API) a cadre (a person of village 469030100001 with a household paired
// as its 帮扶责任人) and its cadre account; then on a phone viewport, logged in as that account: /m/visits/new,
// the household chosen, findings written, a photo taken (a PNG given to the camera input: the page downscales it
// to a JPEG on a canvas), the network cut, submitted -> kept in the queue with its photo (e2e-visit-offline.png);
// the network back -> sent, the queue empty; the API holds the visit once with one JPEG photo
// (e2e-visit-sent.png); 走访统计 of the township shows the API's 入户率 (e2e-visit-figures.png).
import zlib from 'node:zlib'
import { BASE, TIMEOUT, assert, shot, el, watchPage, launchBrowser, problems } from './lib.mjs'
import { apiOf, apiLogin } from './frontdoor.steps.mjs'

const PW = 'Front-Door-2026a'   // apiLogin's first password
const VILLAGE = '469030100001'
const TOWNSHIP = '469030100'
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }

// A real w x h RGB PNG (a gradient), for the camera input.
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0 }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3
      raw[o] = (x * 255 / w) | 0; raw[o + 1] = (y * 255 / h) | 0; raw[o + 2] = 128
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

export async function runVisitSteps(ctx) {
  const { page, log } = ctx
  const admin = apiOf(page)
  if ((await admin('GET', '/divisions/' + VILLAGE)).status !== 200) { log(`skip: no division ${VILLAGE}`); return }
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const tag = Date.now().toString(36)

  // the cadre, its household and its account
  const person = await admin('POST', '/people', { name: '走访干部' + tag.slice(-3), division: TOWNSHIP })
  assert(person.status === 201, 'a cadre: ' + JSON.stringify(person.data))
  const hh = await admin('POST', '/households', { household_no: `${VILLAGE}-v${tag}`, head_name: '走访户' + tag.slice(-3),
    division: VILLAGE, status: 'poor', attribute: 'tekun', main_cause: 'disability', identified_year: 2015 })
  assert(hh.status === 201, 'a household: ' + JSON.stringify(hh.data))
  const pr = await admin('POST', '/pairings', { kind: 'cadre_household', person_id: person.data.id, household_id: hh.data.id, start_on: today })
  assert(pr.status === 201, 'the pairing: ' + JSON.stringify(pr.data))
  const user = { username: 'vi-cadre-' + tag, role: 'cadre', scopes: [TOWNSHIP] }
  const u = await admin('POST', '/users', { ...user, display_name: user.username, password: PW })
  assert(u.status === 201, 'the cadre account: ' + JSON.stringify(u.data))
  const link = await admin('POST', '/cadre-accounts', { user_id: u.data.id, person_id: person.data.id })
  assert(link.status === 201, 'the account acts as the cadre: ' + JSON.stringify(link.data))

  const browser = await launchBrowser()
  let p = null
  try {
    const context = await browser.newContext(PHONE)
    p = await context.newPage()
    watchPage(p, problems)
    await apiLogin(context, user)
    await p.goto(BASE + '/m/visits/new', { waitUntil: 'networkidle' })
    await el(p, 'page-mobile-visit').waitFor({ state: 'visible' })
    await el(p, 'mv-household').click()
    await p.locator('.el-select-dropdown__item', { hasText: hh.data.head_name }).first().click()
    await p.locator('textarea[data-test="mv-findings"], [data-test="mv-findings"] textarea').first().fill('住房安全，收入稳定（离线记录）')
    await p.setInputFiles('[data-test="mv-photo"]', { name: 'photo.png', mimeType: 'image/png', buffer: png(1600, 1200) })
    await el(p, 'mv-thumb').waitFor({ state: 'visible', timeout: TIMEOUT })
    log('the photo is taken and downscaled')

    await context.setOffline(true)
    await p.evaluate(() => window.dispatchEvent(new Event('offline')))
    await el(p, 'mv-submit').click()
    await el(p, 'mv-queue-count').waitFor({ state: 'visible', timeout: TIMEOUT })
    assert((await el(p, 'mv-queue').innerText()).includes('1'), 'the visit waits with its photo')
    await shot(p, 'e2e-visit-offline.png')

    await context.setOffline(false)
    await p.evaluate(() => window.dispatchEvent(new Event('online')))
    await el(p, 'mv-queue').waitFor({ state: 'detached', timeout: TIMEOUT })
    const api = apiOf(p)
    const visits = await api('GET', `/visits?household_id=${hh.data.id}`)
    assert(visits.status === 200 && visits.data.total === 1, 'the visit stored once: ' + JSON.stringify(visits.data))
    const v = visits.data.items[0]
    const photos = await api('GET', `/visits/${v.id}/photos`)
    assert(photos.status === 200 && photos.data.total === 1, 'its photo stored: ' + JSON.stringify(photos.data))
    const ph = photos.data.items[0]
    assert(ph.mime === 'image/jpeg' && Math.max(ph.width, ph.height) <= 1280 && ph.width === 1280 && ph.height === 960,
      'downscaled on the phone to a 1280 x 960 JPEG: ' + JSON.stringify(ph))
    const img = await p.evaluate(async (url) => { const r = await fetch('/api/v1' + url.replace(/^\/api\/v1/, ''), { credentials: 'same-origin' }); return { status: r.status, type: r.headers.get('Content-Type') } }, ph.url)
    assert(img.status === 200 && img.type === 'image/jpeg', 'the photo read back: ' + JSON.stringify(img))
    await shot(p, 'e2e-visit-sent.png')
    log(`visit ${v.id} stored once with a ${ph.width}x${ph.height} photo (${ph.size} bytes)`)
    await context.close()

    // 走访统计 of the township: the page's figures are the API's, the household is reached
    const want = await admin('GET', `/visits/coverage?division=${TOWNSHIP}`)
    assert(want.status === 200 && want.data.reached >= 1, 'the township\'s coverage: ' + JSON.stringify(want.data))
    await page.goto(BASE + `/visits/figures?division=${TOWNSHIP}`, { waitUntil: 'networkidle' })
    await el(page, 'vc-tiles').waitFor({ state: 'visible', timeout: TIMEOUT })
    const shown = (await el(page, 'vc-rate').innerText()).trim()
    assert(shown === (want.data.rate * 100).toFixed(1) + '%', `the page shows the API's 入户率: ${shown} vs ${want.data.rate}`)
    await shot(page, 'e2e-visit-figures.png')
  } catch (e) {
    if (p) await shot(p, 'e2e-visit-failure.png').catch(() => {})
    throw e
  } finally {
    await browser.close().catch(() => {})
  }
}

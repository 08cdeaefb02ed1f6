// End-to-end test of the lianxin UI shell: login -> forced password change ->
// main layout -> divisions & organisations (org.steps.mjs; skipped when no
// divisions are imported) -> household registry (registry.steps.mjs) -> villagers' requests (requests.steps.mjs) -> party organisational life (partylife.steps.mjs) -> language switch -> logout. Runs against a live server.
//
// Env: LIANXIN_URL (e.g. http://127.0.0.1:18123), LIANXIN_ADMIN_PASSWORD (first-start
// admin password), LIANXIN_SCREENSHOT_DIR (default build/, relative to the repo root),
// LIANXIN_NEW_PASSWORD (optional, default Lianxin-2026-strong), CHROMIUM_PATH
// (optional, default /usr/bin/chromium). Exits non-zero on failure.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runOrgSteps } from './org.steps.mjs'
import { runRegistrySteps } from './registry.steps.mjs'
import { runRequestSteps } from './requests.steps.mjs'
import { runPartyLifeSteps } from './partylife.steps.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '..', '..')
const BASE = (process.env.LIANXIN_URL || 'http://127.0.0.1:18123').replace(/\/+$/, '')
const ADMIN_PW = process.env.LIANXIN_ADMIN_PASSWORD
const NEW_PW = process.env.LIANXIN_NEW_PASSWORD || 'Lianxin-2026-strong'
const SHOT_DIR = path.resolve(repoRoot, process.env.LIANXIN_SCREENSHOT_DIR || 'build')
const EXE = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const TIMEOUT = 15000

if (!ADMIN_PW) {
  console.error('FAIL: LIANXIN_ADMIN_PASSWORD is not set')
  process.exit(2)
}
fs.mkdirSync(SHOT_DIR, { recursive: true })

const problems = []   // 5xx responses, page errors, CSP violations
const consoleLog = []
let step = 'start'

function log(msg) { console.log(`[e2e] ${msg}`) }
function assert(cond, msg) { if (!cond) throw new Error(`assertion failed at step "${step}": ${msg}`) }
const input = (page, name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
const el = (page, name) => page.locator(`[data-test="${name}"]`).first()
async function shot(page, file) {
  const p = path.join(SHOT_DIR, file)
  await page.screenshot({ path: p, fullPage: true })
  log(`screenshot ${p}`)
}
async function waitPath(page, pathname) {
  await page.waitForURL((u) => new URL(u).pathname === pathname, { timeout: TIMEOUT })
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'))
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: EXE,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN'
})
let ok = false
const page = context.pages()[0] || await context.newPage()
page.setDefaultTimeout(TIMEOUT)
page.on('response', (r) => {
  if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`)
})
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
page.on('console', (m) => {
  const text = m.text()
  consoleLog.push(`${m.type()}: ${text}`)
  if (/Content Security Policy/i.test(text)) problems.push(`CSP violation: ${text}`)
})

try {
  step = 'open /login'
  await page.goto(BASE + '/login', { waitUntil: 'networkidle' })
  await waitPath(page, '/login')
  await el(page, 'product-title').waitFor()
  assert((await el(page, 'product-title').innerText()).includes('连心'), 'product title shows 连心')

  step = 'wrong password'
  await input(page, 'login-username').fill('admin')
  await input(page, 'login-password').fill(ADMIN_PW + '-wrong')
  await el(page, 'login-submit').click()
  await el(page, 'form-error').waitFor({ state: 'visible' })
  assert((await el(page, 'form-error').innerText()).trim().length > 0, 'bad credentials message is shown')
  await shot(page, 'e2e-login.png')

  step = 'login as admin'
  await input(page, 'login-password').fill(ADMIN_PW)
  await el(page, 'login-submit').click()
  await waitPath(page, '/change-password')
  await el(page, 'change-password-page').waitFor()
  log('landed on /change-password')

  step = 'forced change cannot be skipped'
  await page.goto(BASE + '/households', { waitUntil: 'networkidle' })
  await waitPath(page, '/change-password')

  step = 'weak new password'
  await input(page, 'cp-old').fill(ADMIN_PW)
  await input(page, 'cp-new').fill('password')
  await input(page, 'cp-confirm').fill('password')
  await el(page, 'cp-submit').click()
  await el(page, 'form-error').waitFor({ state: 'visible' })
  const weakMsg = (await el(page, 'form-error').innerText()).trim()
  assert(weakMsg.length > 0, 'weak password error message is shown')
  log(`weak password rejected: ${weakMsg}`)
  assert(new URL(page.url()).pathname === '/change-password', 'still on change-password after weak password')
  await shot(page, 'e2e-change-password.png')

  step = 'strong new password'
  await input(page, 'cp-new').fill(NEW_PW)
  await input(page, 'cp-confirm').fill(NEW_PW)
  await el(page, 'cp-submit').click()
  await waitPath(page, '/')

  step = 'main layout'
  await el(page, 'header-user').waitFor({ state: 'visible' })
  const headerUser = (await el(page, 'header-user').innerText()).trim()
  assert(headerUser.length > 0, 'header shows the user name')
  log(`header user: ${headerUser}`)
  const households = el(page, 'menu-households')
  await households.waitFor({ state: 'visible' })
  assert((await households.innerText()).includes('建档立卡'), 'menu shows 建档立卡')
  await el(page, 'dashboard').waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  await shot(page, 'e2e-layout.png')

  step = 'navigate to a module'
  await households.click()
  await waitPath(page, '/households')
  await el(page, 'page-households').waitFor({ state: 'visible' })

  step = 'session survives reload'
  await page.reload({ waitUntil: 'networkidle' })
  await waitPath(page, '/households')
  await el(page, 'header-user').waitFor({ state: 'visible' })

  step = 'divisions & organisations'
  await runOrgSteps({ page, log, shot, assert, waitPath, setStep: (s) => { step = s } })

  step = 'household registry'
  await runRegistrySteps({ page, log, shot, assert, waitPath, setStep: (s) => { step = s } })

  step = 'villagers\' requests'
  await runRequestSteps({ page, log, shot, assert, waitPath, setStep: (s) => { step = s } })

  step = 'party organisational life'
  await runPartyLifeSteps({ page, log, shot, assert, waitPath, setStep: (s) => { step = s } })

  step = 'phone width'
  await page.setViewportSize({ width: 390, height: 844 })
  await el(page, 'menu-toggle').click()
  await page.locator('.el-drawer [data-test="menu-households"]').waitFor({ state: 'visible' })
  await page.waitForTimeout(600) // let the drawer animation finish
  await shot(page, 'e2e-mobile.png')
  await page.locator('.el-drawer [data-test="menu-dashboard"]').click()
  await waitPath(page, '/')
  await page.setViewportSize({ width: 1280, height: 800 })

  step = 'switch to English'
  await el(page, 'lang-switch').click()
  await page.getByText('Households', { exact: true }).first().waitFor({ state: 'visible' })
  assert((await el(page, 'menu-households').innerText()).includes('Households'), 'menu shows Households in English')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-layout-en.png')

  step = 'logout'
  await el(page, 'logout').click()
  await waitPath(page, '/login')
  await el(page, 'login-submit').waitFor({ state: 'visible' })
  await page.goto(BASE + '/', { waitUntil: 'networkidle' })
  await waitPath(page, '/login')

  step = 'no server errors'
  assert(problems.length === 0, 'no 5xx responses / page errors / CSP violations:\n  ' + problems.join('\n  '))
  ok = true
  log('PASS')
} catch (e) {
  console.error(`[e2e] FAIL: ${e && e.stack ? e.stack : e}`)
  if (problems.length) console.error('[e2e] problems:\n  ' + problems.join('\n  '))
  if (consoleLog.length) console.error('[e2e] browser console:\n  ' + consoleLog.slice(-30).join('\n  '))
  try { await shot(page, 'e2e-failure.png') } catch (_) { /* ignore */ }
} finally {
  await context.close().catch(() => {})
  fs.rmSync(userDataDir, { recursive: true, force: true })
}
process.exit(ok ? 0 : 1)

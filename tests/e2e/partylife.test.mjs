// Standalone run of the party-life steps (partylife.steps.mjs) against
// a live server whose admin password is already changed:
//   LIANXIN_URL=http://127.0.0.1:18200 LIANXIN_PASSWORD=... node partylife.test.mjs
// (login.test.mjs runs the same steps after the requests steps.)
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runPartyLifeSteps } from './partylife.steps.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const BASE = (process.env.LIANXIN_URL || 'http://127.0.0.1:18123').replace(/\/+$/, '')
const USER = process.env.LIANXIN_USER || 'admin'
const PW = process.env.LIANXIN_PASSWORD || process.env.LIANXIN_NEW_PASSWORD || 'Lianxin-2026-strong'
const SHOT_DIR = path.resolve(here, '..', '..', process.env.LIANXIN_SCREENSHOT_DIR || 'build')
fs.mkdirSync(SHOT_DIR, { recursive: true })
let step = 'start'
const problems = []
const log = (m) => console.log(`[e2e] ${m}`)
const assert = (c, m) => { if (!c) throw new Error(`assertion failed at step "${step}": ${m}`) }
const shot = async (page, file) => { const p = path.join(SHOT_DIR, file); await page.screenshot({ path: p, fullPage: true }); log(`screenshot ${p}`) }
const waitPath = (page, p) => page.waitForURL((u) => new URL(u).pathname === p, { timeout: 15000 })

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'))
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], viewport: { width: 1280, height: 800 }, locale: 'zh-CN'
})
const page = context.pages()[0] || await context.newPage()
page.setDefaultTimeout(15000)
page.on('response', (r) => { if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`) })
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`) })
let ok = false
try {
  step = 'login'
  await page.goto(BASE + '/login', { waitUntil: 'networkidle' })
  await page.locator('[data-test="login-username"] input, input[data-test="login-username"]').first().fill(USER)
  await page.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(PW)
  await page.locator('[data-test="login-submit"]').click()
  await waitPath(page, '/')
  await runPartyLifeSteps({ page, log, shot, assert, waitPath, setStep: (s) => { step = s } })
  assert(problems.length === 0, 'no 5xx / page errors / CSP violations:\n  ' + problems.join('\n  '))
  ok = true
  log('PASS')
} catch (e) {
  console.error(`[e2e] FAIL: ${e && e.stack ? e.stack : e}`)
  if (problems.length) console.error('[e2e] problems:\n  ' + problems.join('\n  '))
  try { await shot(page, 'e2e-failure.png') } catch (_) { /* ignore */ }
} finally {
  await context.close().catch(() => {})
  fs.rmSync(dir, { recursive: true, force: true })
}
process.exit(ok ? 0 : 1)

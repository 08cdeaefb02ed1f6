// lib.mjs - shared helpers of the e2e steps: settings from the environment, log, assert,
// screenshots, waitPath, data-test locators, problem collection and the browser launch.
//
// Env: LIANXIN_URL (default http://127.0.0.1:18123), LIANXIN_SCREENSHOT_DIR (default
// build/, relative to the repo root), CHROMIUM_PATH (default /usr/bin/chromium).
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '..', '..')
export const BASE = (process.env.LIANXIN_URL || 'http://127.0.0.1:18123').replace(/\/+$/, '')
export const SHOT_DIR = path.resolve(repoRoot, process.env.LIANXIN_SCREENSHOT_DIR || 'build')
export const EXE = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const TIMEOUT = 15000
// one set of Chromium flags for every browser the test starts
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

export const problems = []   // 5xx responses, page errors, CSP violations of the main page
export const consoleLog = []
let step = 'start'

export function setStep(s) { step = s }
export function currentStep() { return step }
export function log(msg) { console.log(`[e2e] ${msg}`) }
export function assert(cond, msg) { if (!cond) throw new Error(`assertion failed at step "${step}": ${msg}`) }
export const input = (page, name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
export const el = (page, name) => page.locator(`[data-test="${name}"]`).first()

export async function shot(page, file) {
  fs.mkdirSync(SHOT_DIR, { recursive: true })
  const p = path.join(SHOT_DIR, file)
  await page.screenshot({ path: p, fullPage: true })
  log(`screenshot ${p}`)
}

export async function waitPath(page, pathname) {
  await page.waitForURL((u) => new URL(u).pathname === pathname, { timeout: TIMEOUT })
}

// Collect a page's 5xx responses, page errors and CSP violations into `list`
// (and its console into `cons` when given).
export function watchPage(page, list, cons = null) {
  page.setDefaultTimeout(TIMEOUT)
  page.on('response', (r) => {
    if (r.status() >= 500) list.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`)
  })
  page.on('pageerror', (e) => list.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    const text = m.text()
    if (cons) cons.push(`${m.type()}: ${text}`)
    if (/Content Security Policy/i.test(text)) list.push(`CSP violation: ${text}`)
  })
}

// The main browser: a persistent context in a temporary profile, desktop size,
// zh-CN; its page's problems go to `problems`. close() removes the profile.
export async function launchMain() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXE,
    headless: true,
    args: BROWSER_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN'
  })
  const page = context.pages()[0] || await context.newPage()
  watchPage(page, problems, consoleLog)
  const close = async () => {
    await context.close().catch(() => {})
    fs.rmSync(userDataDir, { recursive: true, force: true })
  }
  return { context, page, close }
}

// Another browser (a second user, or no session at all) with the same flags.
export function launchBrowser() {
  return chromium.launch({ executablePath: EXE, headless: true, args: BROWSER_ARGS })
}

// Pick a division by name in a DivisionPicker (data-test test): open it, expand the tree from the
// user's scope down to code's parent (nodes carry data-test dp-node-<code>), click the division.
export async function pickDivision(page, test, code) {
  code = String(code)
  // Element Plus hands the attributes to the tree inside the dropdown too: the select is the .el-select
  const select = page.locator(`.el-select[data-test="${test}"]:visible`).first()
  await select.click()
  const node = (c) => page.locator(`.lx-division-popper:visible [data-test="dp-node-${c}"]`).first()
  await page.locator('.lx-division-popper:visible [data-test^="dp-node-"]').first().waitFor({ state: 'visible', timeout: TIMEOUT })
  const lens = [0, 2, 4, 6, 9, 12, 15].filter((n) => n < code.length)   // 0: the whole country (an administrator)
  for (let i = 0; i < lens.length; i++) {
    const n = node(code.slice(0, lens[i]))
    if (!(await n.isVisible().catch(() => false))) continue
    const item = n.locator('xpath=ancestor::div[@role="treeitem"][1]')
    const next = i + 1 < lens.length ? code.slice(0, lens[i + 1]) : code
    // a click that lands while the lazy tree re-renders the node expands nothing: expand again
    // while the node is not open and its child not shown (CI once waited 15 s for 4690 under 46)
    for (let tries = 0; tries < 3 && !(await node(next).isVisible().catch(() => false)); tries++) {
      if ((await item.getAttribute('aria-expanded')) !== 'true') {
        await item.locator('.el-tree-node__expand-icon').first().click()
      }
      await node(next).waitFor({ state: 'visible', timeout: TIMEOUT / 3 }).catch(() => {})
    }
    await node(next).waitFor({ state: 'visible', timeout: TIMEOUT })
  }
  await node(code).click()
  await select.locator('.el-select__selected-item:not(.is-transparent)').first()
    .waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => {})
}

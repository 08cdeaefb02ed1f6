// login.steps.mjs - the UI shell's steps. runLoginSteps: first start as admin -> wrong password
// -> forced password change (cannot be skipped, a weak one refused) -> main layout -> a module
// -> session survives a reload. runShellSteps (last): phone width drawer -> English -> logout.
// signIn: a plain login for runs without the login steps (LIANXIN_USER / LIANXIN_PASSWORD).
//
// Env: LIANXIN_ADMIN_PASSWORD (first-start admin password, for runLoginSteps),
// LIANXIN_NEW_PASSWORD (optional, default Lianxin-2026-strong).
import { BASE, log, assert, setStep, el, input, shot, waitPath } from './lib.mjs'

export const NEW_PW = process.env.LIANXIN_NEW_PASSWORD || 'Lianxin-2026-strong'

export async function runLoginSteps({ page }) {
  const ADMIN_PW = process.env.LIANXIN_ADMIN_PASSWORD
  assert(ADMIN_PW, 'LIANXIN_ADMIN_PASSWORD is set (the login steps need the first-start admin password)')

  setStep('open /login')
  await page.goto(BASE + '/login', { waitUntil: 'networkidle' })
  await waitPath(page, '/login')
  await el(page, 'product-title').waitFor()
  assert((await el(page, 'product-title').innerText()).includes('连心'), 'product title shows 连心')

  setStep('wrong password')
  await input(page, 'login-username').fill('admin')
  await input(page, 'login-password').fill(ADMIN_PW + '-wrong')
  await el(page, 'login-submit').click()
  await el(page, 'form-error').waitFor({ state: 'visible' })
  assert((await el(page, 'form-error').innerText()).trim().length > 0, 'bad credentials message is shown')
  await shot(page, 'e2e-login.png')

  setStep('login as admin')
  await input(page, 'login-password').fill(ADMIN_PW)
  await el(page, 'login-submit').click()
  await waitPath(page, '/change-password')
  await el(page, 'change-password-page').waitFor()
  log('landed on /change-password')

  setStep('forced change cannot be skipped')
  await page.goto(BASE + '/households', { waitUntil: 'networkidle' })
  await waitPath(page, '/change-password')

  setStep('weak new password')
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

  setStep('strong new password')
  await input(page, 'cp-new').fill(NEW_PW)
  await input(page, 'cp-confirm').fill(NEW_PW)
  await el(page, 'cp-submit').click()
  await waitPath(page, '/')

  setStep('main layout')
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

  setStep('navigate to a module')
  await households.click()
  await waitPath(page, '/households')
  await el(page, 'page-households').waitFor({ state: 'visible' })

  setStep('session survives reload')
  await page.reload({ waitUntil: 'networkidle' })
  await waitPath(page, '/households')
  await el(page, 'header-user').waitFor({ state: 'visible' })
}

// A plain login of an account whose password is already changed.
export async function signIn({ page }) {
  const user = process.env.LIANXIN_USER || 'admin'
  const pw = process.env.LIANXIN_PASSWORD || NEW_PW
  setStep('login')
  await page.goto(BASE + '/login', { waitUntil: 'networkidle' })
  await input(page, 'login-username').fill(user)
  await input(page, 'login-password').fill(pw)
  await el(page, 'login-submit').click()
  await waitPath(page, '/')
  log(`logged in as ${user}`)
}

export async function runShellSteps({ page }) {
  setStep('phone width')
  await page.setViewportSize({ width: 390, height: 844 })
  await el(page, 'menu-toggle').click()
  await page.locator('.el-drawer [data-test="menu-households"]').waitFor({ state: 'visible' })
  await page.waitForTimeout(600) // let the drawer animation finish
  await shot(page, 'e2e-mobile.png')
  await page.locator('.el-drawer [data-test="menu-dashboard"]').click()
  await waitPath(page, '/')
  await page.setViewportSize({ width: 1280, height: 800 })

  setStep('switch to English')
  await el(page, 'lang-switch').click()
  await page.getByText('Households', { exact: true }).first().waitFor({ state: 'visible' })
  assert((await el(page, 'menu-households').innerText()).includes('Households'), 'menu shows Households in English')
  await page.waitForTimeout(300)
  await shot(page, 'e2e-layout-en.png')

  setStep('logout')
  await el(page, 'logout').click()
  await waitPath(page, '/login')
  await el(page, 'login-submit').waitFor({ state: 'visible' })
  await page.goto(BASE + '/', { waitUntil: 'networkidle' })
  await waitPath(page, '/login')
}

// accounts.steps.mjs - browser steps of the accounts page 账号管理 (run.mjs step "accounts"; alone:
// LIANXIN_E2E_STEPS=accounts make e2e). As the administrator: the menu opens /users -> a new viewer
// account with a last day (the date field) -> the list shows the day, the API has it -> the account
// is changed to a day already past -> the list shows it expired (已过期) and the API agrees.
// Screenshots: e2e-users.png, e2e-users-form.png.

export async function runAccountSteps(ctx) {
  const { page, log, shot, assert, waitPath, setStep } = ctx
  const el = (name) => page.locator(`[data-test="${name}"]`).first()
  const apiGet = (p) => page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    return r.ok ? r.json() : null
  }, p)
  // an Element Plus input's own <input> (the data-test sits on it or on its wrapper)
  const field = async (name) => {
    const d = el(name)
    return (await d.evaluate((n) => n.tagName)) === 'INPUT' ? d : d.locator('input').first()
  }
  const fill = async (name, text) => (await field(name)).fill(text)
  const setDate = async (name, day) => {
    const input = await field(name)
    await input.click()
    await input.fill(day)
    await input.press('Enter')   // the picker takes the typed day and closes its panel (Escape would close the dialog)
    await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' }).catch(() => {})
  }

  setStep('accounts: a division to give')
  const roots = await apiGet('/divisions?page_size=5')
  const division = roots && roots.items && roots.items.length ? roots.items[0].code : null
  if (!division) {
    log('skip accounts steps: no division imported')
    return false
  }

  setStep('accounts: the page from the menu')
  await el('menu-users').click()
  await waitPath(page, '/users')
  await el('page-users').waitFor({ state: 'visible' })
  await el('users-table').waitFor({ state: 'visible' })

  setStep('accounts: a new account with a last day')
  const username = 'e2e_exp_' + Date.now().toString(36)
  await el('users-new').click()
  await el('users-dialog').waitFor({ state: 'visible' })
  await fill('users-f-username', username)
  await fill('users-f-display', '有效期测试')
  await fill('users-f-scopes', division)
  await fill('users-f-password', 'E2e-Expiry-2026x')
  await setDate('users-f-expires', '2030-12-31')
  await shot(page, 'e2e-users-form.png')
  await el('users-save').click()
  await fill('users-q', username)
  await el('users-search').click()
  const cell = el('users-expires-' + username)
  await cell.waitFor({ state: 'visible' })
  await page.waitForFunction((u) => {
    const n = document.querySelector(`[data-test="users-expires-${u}"]`)
    return n && n.textContent.trim() === '2030-12-31'
  }, username)
  let found = await apiGet('/users?q=' + encodeURIComponent(username))
  let u = found && found.items && found.items.find((x) => x.username === username)
  assert(u && u.expires_on === '2030-12-31' && u.expired === false, `the API has the last day: ${JSON.stringify(u)}`)

  setStep('accounts: a last day already past')
  await el('users-edit-' + username).click()
  await el('users-dialog').waitFor({ state: 'visible' })
  await setDate('users-f-expires', '2020-01-01')
  await el('users-save').click()
  await page.waitForFunction((u) => {
    const n = document.querySelector(`[data-test="users-expires-${u}"]`)
    return n && n.textContent.trim() === '2020-01-01'
  }, username)
  const state = (await el('users-state-' + username).textContent()).trim()
  assert(state === '已过期' || state === 'Expired', `the list shows the account expired: ${state}`)
  found = await apiGet('/users?q=' + encodeURIComponent(username))
  u = found && found.items && found.items.find((x) => x.username === username)
  assert(u && u.expires_on === '2020-01-01' && u.expired === true, `the API has it expired: ${JSON.stringify(u)}`)
  await shot(page, 'e2e-users.png')
  log(`accounts: ${username} valid until 2030-12-31, then 2020-01-01 (expired)`)
  return true
}

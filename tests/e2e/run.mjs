// run.mjs - the e2e runner: launches Chromium once and runs the step modules in order
// against a live server, then checks that no page saw a 5xx, a page error or a CSP violation.
//
//   node run.mjs                       every step, as CI runs it (scripts/e2e.sh): a fresh server
//                                      whose admin still has the first-start password
//   node run.mjs requests partylife    only those steps (or LIANXIN_E2E_STEPS=requests,partylife),
//                                      after a plain login of LIANXIN_USER (default admin) with
//                                      LIANXIN_PASSWORD (default LIANXIN_NEW_PASSWORD / Lianxin-2026-strong)
//
// Steps: login (first start, forced password change, layout), org, registry, procedures, requests,
// partylife, frontdoor (budgets, roles' menus, phone shell, offline, home figures), stats, visits (a phone visit with a
// photo recorded offline, stored once), accounts (the accounts page), shell (phone width, English, logout).
// Env: see lib.mjs and login.steps.mjs.
// Exits 0 on success, 1 on a failure, 2 on bad arguments.
import { problems, consoleLog, currentStep, log, shot, assert, waitPath, setStep, launchMain } from './lib.mjs'
import { runLoginSteps, runShellSteps, signIn } from './login.steps.mjs'
import { runOrgSteps } from './org.steps.mjs'
import { runRegistrySteps } from './registry.steps.mjs'
import { runRequestSteps } from './requests.steps.mjs'
import { runPartyLifeSteps } from './partylife.steps.mjs'
import { runFrontDoorSteps } from './frontdoor.steps.mjs'
import { runProcedureSteps } from './procedures.steps.mjs'
import { runStatsSteps } from './stats.steps.mjs'
import { runVisitSteps } from './visits.steps.mjs'
import { runAccountSteps } from './accounts.steps.mjs'

const STEPS = [
  { name: 'login', title: 'login and first password change', run: runLoginSteps },
  { name: 'org', title: 'divisions & organisations', run: runOrgSteps },
  { name: 'registry', title: 'household registry', run: runRegistrySteps },
  { name: 'procedures', title: 'identification and exit', run: runProcedureSteps },
  { name: 'requests', title: 'villagers\' requests', run: runRequestSteps },
  { name: 'partylife', title: 'party organisational life', run: runPartyLifeSteps },
  { name: 'frontdoor', title: 'budgets, roles, phone shell, offline, home figures', run: runFrontDoorSteps },
  { name: 'stats', title: 'dashboards, command map, bulletin', run: runStatsSteps },
  { name: 'visits', title: 'a cadre\'s phone visit with a photo, offline', run: runVisitSteps },
  { name: 'accounts', title: 'accounts page: last day of an account', run: runAccountSteps },
  { name: 'shell', title: 'phone width, language, logout', run: runShellSteps }
]

const asked = process.argv.slice(2).concat((process.env.LIANXIN_E2E_STEPS || '').split(/[\s,]+/)).filter(Boolean)
const unknown = asked.filter((n) => !STEPS.some((s) => s.name === n))
if (unknown.length) {
  console.error(`FAIL: unknown step(s) ${unknown.join(', ')}; steps: ${STEPS.map((s) => s.name).join(', ')}`)
  process.exit(2)
}
const steps = asked.length ? STEPS.filter((s) => asked.includes(s.name)) : STEPS
if (steps.some((s) => s.name === 'login') && !process.env.LIANXIN_ADMIN_PASSWORD) {
  console.error('FAIL: LIANXIN_ADMIN_PASSWORD is not set (the login steps need it; name other steps to skip them)')
  process.exit(2)
}
log(`steps: ${steps.map((s) => s.name).join(', ')}`)

const { page, close } = await launchMain()
const ctx = { page, log, shot, assert, waitPath, setStep }
let ok = false
try {
  if (steps[0].name !== 'login') await signIn(ctx)
  for (const s of steps) {
    setStep(s.title)
    log(`-- ${s.name}: ${s.title}`)
    await s.run(ctx)
  }

  setStep('no server errors')
  assert(problems.length === 0, 'no 5xx responses / page errors / CSP violations:\n  ' + problems.join('\n  '))
  ok = true
  log('PASS')
} catch (e) {
  console.error(`[e2e] FAIL: ${e && e.stack ? e.stack : e}`)
  if (problems.length) console.error('[e2e] problems:\n  ' + problems.join('\n  '))
  if (consoleLog.length) console.error('[e2e] browser console:\n  ' + consoleLog.slice(-30).join('\n  '))
  try { await shot(page, 'e2e-failure.png') } catch (_) { /* ignore */ }
} finally {
  await close()
}
if (!ok) console.error(`[e2e] failed at step "${currentStep()}"`)
process.exit(ok ? 0 : 1)

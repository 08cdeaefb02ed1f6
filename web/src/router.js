// router.js - routes (menu pages, record pages, public and phone pages) and the login / password-change guard
import { createRouter, createWebHistory } from 'vue-router'
import { store, initSession, clearSession, can } from './store.js'
import { landing } from './mobile/device.js'
import { setApiHooks } from './api.js'
import { menuItems } from './menu.js'
import { statsPages } from './dashboard/menu.js'

// every page is its own chunk, loaded when first shown (charts and tables only where used)
const Layout = () => import('./shell/Layout.vue')
const EntityPage = () => import('./shell/EntityPage.vue')
const Placeholder = () => import('./shell/Placeholder.vue')
const pages = {
  dashboard: () => import('./shell/Dashboard.vue'),
  divisions: () => import('./org/Divisions.vue'),
  households: () => import('./registry/Households.vue'),
  monitoring: () => import('./registry/Monitoring.vue'),
  checks: () => import('./registry/Checks.vue'),
  imports: () => import('./registry/Imports.vue'),
  requests: () => import('./requests/Inbox.vue'),
  'request-all': () => import('./requests/RequestList.vue'),
  hotline: () => import('./requests/Hotline.vue'),
  'request-stats': () => import('./requests/RequestStats.vue'),
  calendar: () => import('./requests/Calendar.vue'),
  'party-life': () => import('./partylife/Notices.vue'),
  'pl-meetings': () => import('./partylife/Meetings.vue'),
  'pl-compliance': () => import('./partylife/Compliance.vue'),
  'pl-decisions': () => import('./partylife/Decisions.vue'),
  'pl-trainings': () => import('./partylife/Trainings.vue'),
  'pl-schools': () => import('./partylife/FamilySchools.vue'),
  'pl-duties': () => import('./partylife/Duties.vue'),
  'pl-tasks': () => import('./partylife/TaskItems.vue'),
  'pl-schedules': () => import('./partylife/Schedules.vue'),
  audit: () => import('./shell/Audit.vue'),
  users: () => import('./accounts/Users.vue'),
  coverage: () => import('./pairings/Coverage.vue'),
  'visit-coverage': () => import('./pairings/VisitCoverage.vue'),
  'pairings-mine': () => import('./pairings/Mine.vue'),
  leaves: () => import('./pairings/Leaves.vue'),
  presence: () => import('./pairings/Presence.vue'),
  procedures: () => import('./procedures/Procedures.vue'),
  'exit-proposals': () => import('./procedures/ExitProposals.vue'),
  samplings: () => import('./procedures/Samplings.vue'),
  rechecks: () => import('./procedures/Rechecks.vue'),
  'county-report': () => import('./procedures/CountyReport.vue'),
  'procedure-settings': () => import('./procedures/ProcedureSettings.vue'),
  ...statsPages
}
const Household = () => import('./registry/Household.vue')
const NoticePage = () => import('./partylife/Notice.vue')
const MeetingPage = () => import('./partylife/Meeting.vue')
const DecisionPage = () => import('./partylife/Decision.vue')
const RequestPage = () => import('./requests/Request.vue')
const ProcedurePage = () => import('./procedures/Procedure.vue')
const SampleSheetsPage = () => import('./procedures/SampleSheets.vue')
const menuRoutes = menuItems.filter((m) => !m.same).map((m) => ({
  path: m.path.replace(/^\//, ''),
  name: m.name,
  component: pages[m.name] || (m.entity ? EntityPage : Placeholder),
  meta: { title: m.title, icon: m.icon, entity: m.entity, perm: m.perm || 'data_read' }
}))
menuRoutes.push({ path: 'households/:id(\\d+)', name: 'household', component: Household, meta: { perm: 'data_read', title: 'menu.households', menu: '/households' } })
menuRoutes.push({ path: 'party-life/notices/:id(\\d+)', name: 'pl-notice', component: NoticePage, meta: { perm: 'data_read', title: 'menu.plNotices', menu: '/party-life' } })
menuRoutes.push({ path: 'party-life/meetings/:id(\\d+)', name: 'pl-meeting', component: MeetingPage, meta: { perm: 'data_read', title: 'menu.plMeetings', menu: '/party-life/meetings' } })
menuRoutes.push({ path: 'party-life/decisions/:id(\\d+)', name: 'pl-decision', component: DecisionPage, meta: { perm: 'data_read', title: 'menu.plDecisions', menu: '/party-life/decisions' } })
menuRoutes.push({ path: 'procedures/:id(\\d+)', name: 'procedure', component: ProcedurePage, meta: { perm: 'data_read', title: 'menu.procedures', menu: '/procedures' } })
menuRoutes.push({ path: 'procedures/samplings/:id(\\d+)/sheets', name: 'sample-sheets', component: SampleSheetsPage, meta: { perm: 'data_read', title: 'menu.samplings', menu: '/procedures/samplings' } })
// a page the role may not use: the menu hides it, a direct visit lands here
menuRoutes.push({ path: 'not-allowed', name: 'not-allowed', component: () => import('./shell/NotAllowed.vue'), meta: { title: 'na.title' } })
menuRoutes.push({ path: 'requests/:id(\\d+)', name: 'request', component: RequestPage, meta: { perm: 'data_read', title: 'menu.requests', menu: '/requests' } })

// A page loader that gives every caller the same promise: the phone pages' loaders are called early by
// prefetchComponents and again by the router, and Vite's loader resolves a second call as soon as the JS is there,
// without waiting for the page's stylesheet the first call is still loading (the page would show unstyled, then
// jump). A failed load is tried again on the next call.
function once(load) {
  let p = null
  return () => (p ||= load().catch((e) => { p = null; throw e }))
}

const routes = [
  { path: '/login', name: 'login', component: () => import('./accounts/Login.vue'), meta: { public: true } },
  { path: '/change-password', name: 'change-password', component: () => import('./accounts/ChangePassword.vue') },
  // open to everybody, outside the staff layout (no login, no menu); the request form /public/request is a plain
  // page of its own (web/public-request.html, served by lianxin for that address), not a route of this app
  { path: '/public/track', name: 'public-track', component: () => import('./requests/PublicTrack.vue'), meta: { open: true } },
  // the grid worker's phone page: needs a login, but opens without the server (offline queue)
  { path: '/m', component: once(() => import('./mobile/MobileShell.vue')), children: [
    { path: '', name: 'mobile-home', component: once(() => import('./mobile/MobileHome.vue')), meta: { offline: true } },
    { path: 'requests/new', name: 'mobile-request', component: once(() => import('./requests/MobileRequest.vue')), meta: { offline: true } },
    // a cadre's phone page for visits (pairings/), with its own offline queue
    { path: 'visits/new', name: 'mobile-visit', component: once(() => import('./pairings/MobileVisit.vue')), meta: { offline: true } }
  ] },
  // the printable poster of a village (QR code to the public form): staff only, outside the layout
  { path: '/poster/:village(\\d{12})', name: 'poster', component: () => import('./requests/Poster.vue'), meta: { perm: 'data_read' } },
  { path: '/', component: Layout, children: menuRoutes },
  { path: '/:pathMatch(.*)*', redirect: '/' }
]

export const router = createRouter({ history: createWebHistory('/'), routes })

// Start fetching a phone page's chunks while the session is asked at start (the router would fetch them only after
// the guard): the phone home waits one round trip less. Only the phone pages: a desktop address opened without a
// session goes to the login, which should not pay for the desktop's chunks. The router's own call later gets the
// same promise (once(), so with the page's stylesheet loaded); a failed fetch is the router's to report.
function prefetchComponents(to) {
  for (const rec of to.matched) {
    for (const c of Object.values(rec.components || {})) {
      if (typeof c === 'function' && !c.render && !c.setup) Promise.resolve().then(c).catch(() => {})
    }
  }
}

router.beforeEach(async (to) => {
  if (to.meta.open) return true
  if (!store.ready && to.meta.offline) prefetchComponents(to)
  await initSession()
  const user = store.user
  if (to.meta.public) {
    if (!user) return true
    return user.must_change_password ? { name: 'change-password' } : { path: landing() }
  }
  if (!user && to.meta.offline && store.unreachable) return true
  if (!user) {
    return to.fullPath && to.fullPath !== '/' ? { name: 'login', query: { redirect: to.fullPath } } : { name: 'login' }
  }
  if (user.must_change_password && to.name !== 'change-password') return { name: 'change-password' }
  if (to.meta.perm && !can(to.meta.perm)) return { name: 'not-allowed', query: { page: to.fullPath } }
  return true
})

setApiHooks({
  onUnauthorized() {
    clearSession()
    const cur = router.currentRoute.value
    if (cur.meta.open || cur.meta.offline) return
    if (cur.name !== 'login') router.replace({ name: 'login' })
  },
  onPasswordChangeRequired() {
    if (store.user) store.user = { ...store.user, must_change_password: true }
    if (router.currentRoute.value.name !== 'change-password') router.replace({ name: 'change-password' })
  }
})

// router.js - routes (menu pages, record pages, public and phone pages) and the login / password-change guard
import { createRouter, createWebHistory } from 'vue-router'
import { store, initSession, clearSession } from './store.js'
import { setApiHooks } from './api.js'
import Login from './accounts/Login.vue'
import ChangePassword from './accounts/ChangePassword.vue'
import Layout from './shell/Layout.vue'
import Dashboard from './shell/Dashboard.vue'
import Placeholder from './shell/Placeholder.vue'
import Divisions from './org/Divisions.vue'
import EntityPage from './shell/EntityPage.vue'
import Households from './registry/Households.vue'
import Household from './registry/Household.vue'
import Monitoring from './registry/Monitoring.vue'
import Checks from './registry/Checks.vue'
import Imports from './registry/Imports.vue'
import Inbox from './requests/Inbox.vue'
import RequestList from './requests/RequestList.vue'
import RequestPage from './requests/Request.vue'
import Hotline from './requests/Hotline.vue'
import RequestStats from './requests/RequestStats.vue'
import Calendar from './requests/Calendar.vue'
import Notices from './partylife/Notices.vue'
import NoticePage from './partylife/Notice.vue'
import Meetings from './partylife/Meetings.vue'
import MeetingPage from './partylife/Meeting.vue'
import Compliance from './partylife/Compliance.vue'
import Decisions from './partylife/Decisions.vue'
import DecisionPage from './partylife/Decision.vue'
import Trainings from './partylife/Trainings.vue'
import FamilySchools from './partylife/FamilySchools.vue'
import Duties from './partylife/Duties.vue'
import TaskItems from './partylife/TaskItems.vue'
import Schedules from './partylife/Schedules.vue'
import MobileRequest from './requests/MobileRequest.vue'
import Coverage from './pairings/Coverage.vue'
import PairingsMine from './pairings/Mine.vue'
import Leaves from './pairings/Leaves.vue'
import Presence from './pairings/Presence.vue'
import Procedures from './procedures/Procedures.vue'
import ProcedurePage from './procedures/Procedure.vue'
import ExitProposals from './procedures/ExitProposals.vue'
import Samplings from './procedures/Samplings.vue'
import Rechecks from './procedures/Rechecks.vue'
import { menuItems } from './menu.js'
import { statsPages } from './dashboard/menu.js'

const pages = {
  dashboard: Dashboard, divisions: Divisions, households: Households, monitoring: Monitoring, checks: Checks, imports: Imports,
  requests: Inbox, 'request-all': RequestList, hotline: Hotline, 'request-stats': RequestStats, calendar: Calendar,
  'party-life': Notices, 'pl-meetings': Meetings, 'pl-compliance': Compliance, 'pl-decisions': Decisions, 'pl-trainings': Trainings,
  'pl-schools': FamilySchools, 'pl-duties': Duties, 'pl-tasks': TaskItems, 'pl-schedules': Schedules,
  coverage: Coverage, 'pairings-mine': PairingsMine, leaves: Leaves, presence: Presence,
  procedures: Procedures, 'exit-proposals': ExitProposals, samplings: Samplings, rechecks: Rechecks,
  ...statsPages
}
const menuRoutes = menuItems.filter((m) => !m.same).map((m) => ({
  path: m.path.replace(/^\//, ''),
  name: m.name,
  component: pages[m.name] || (m.entity ? EntityPage : Placeholder),
  meta: { title: m.title, icon: m.icon, entity: m.entity }
}))
menuRoutes.push({ path: 'households/:id(\\d+)', name: 'household', component: Household, meta: { title: 'menu.households', menu: '/households' } })
menuRoutes.push({ path: 'party-life/notices/:id(\\d+)', name: 'pl-notice', component: NoticePage, meta: { title: 'menu.plNotices', menu: '/party-life' } })
menuRoutes.push({ path: 'party-life/meetings/:id(\\d+)', name: 'pl-meeting', component: MeetingPage, meta: { title: 'menu.plMeetings', menu: '/party-life/meetings' } })
menuRoutes.push({ path: 'party-life/decisions/:id(\\d+)', name: 'pl-decision', component: DecisionPage, meta: { title: 'menu.plDecisions', menu: '/party-life/decisions' } })
menuRoutes.push({ path: 'procedures/:id(\\d+)', name: 'procedure', component: ProcedurePage, meta: { title: 'menu.procedures', menu: '/procedures' } })
menuRoutes.push({ path: 'requests/:id(\\d+)', name: 'request', component: RequestPage, meta: { title: 'menu.requests', menu: '/requests' } })

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  { path: '/change-password', name: 'change-password', component: ChangePassword },
  // open to everybody, outside the staff layout (no login, no menu)
  { path: '/public/request', name: 'public-request', component: () => import('./requests/PublicRequest.vue'), meta: { open: true } },
  { path: '/public/track', name: 'public-track', component: () => import('./requests/PublicTrack.vue'), meta: { open: true } },
  // the grid worker's phone page: needs a login, but opens without the server (offline queue)
  { path: '/m/requests/new', name: 'mobile-request', component: MobileRequest, meta: { offline: true } },
  // a cadre's phone page for visits (pairings/), with its own offline queue
  { path: '/m/visits/new', name: 'mobile-visit', component: () => import('./pairings/MobileVisit.vue'), meta: { offline: true } },
  { path: '/', component: Layout, children: menuRoutes },
  { path: '/:pathMatch(.*)*', redirect: '/' }
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  if (to.meta.open) return true
  await initSession()
  const user = store.user
  if (to.meta.public) {
    if (!user) return true
    return user.must_change_password ? { name: 'change-password' } : { path: '/' }
  }
  if (!user && to.meta.offline && store.unreachable) return true
  if (!user) {
    return to.fullPath && to.fullPath !== '/' ? { name: 'login', query: { redirect: to.fullPath } } : { name: 'login' }
  }
  if (user.must_change_password && to.name !== 'change-password') return { name: 'change-password' }
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

// menu.js - the side menu's entries (route name, path, title key, icon, meta entity)
// Areas of the product shown in the side menu (route name, path, i18n title key,
// icon; same: another entry for the route of the item above (no route of its own); entity: a generic meta-driven list of that /meta entity; sub: indented
// under the previous top-level item).
import { statsMenu } from './dashboard/menu.js'

export const menuItems = [
  { name: 'dashboard', path: '/', title: 'menu.dashboard', icon: 'House' },
  { name: 'divisions', path: '/divisions', title: 'menu.divisions', icon: 'OfficeBuilding' },
  { name: 'orgs', path: '/orgs', title: 'menu.orgs', icon: 'Medal', entity: 'org', sub: true },
  { name: 'units', path: '/units', title: 'menu.units', icon: 'School', entity: 'unit', sub: true },
  { name: 'people', path: '/people', title: 'menu.people', icon: 'UserFilled', entity: 'person', sub: true },
  { name: 'households', path: '/households', title: 'menu.households', icon: 'Files' },
  { name: 'household-list', path: '/households', title: 'menu.householdList', icon: 'Tickets', sub: true, same: true },
  { name: 'monitoring', path: '/monitoring', title: 'menu.monitoring', icon: 'Bell', sub: true },
  { name: 'checks', path: '/checks', title: 'menu.checks', icon: 'DocumentChecked', sub: true },
  { name: 'imports', path: '/imports', title: 'menu.imports', icon: 'Upload', sub: true },
  { name: 'requests', path: '/requests', title: 'menu.requests', icon: 'ChatLineSquare' },
  { name: 'request-inbox', path: '/requests', title: 'menu.requestInbox', icon: 'Bell', sub: true, same: true },
  { name: 'request-all', path: '/requests/all', title: 'menu.requestAll', icon: 'Tickets', sub: true },
  { name: 'hotline', path: '/requests/hotline', title: 'menu.hotline', icon: 'Phone', sub: true },
  { name: 'request-stats', path: '/requests/stats', title: 'menu.requestStats', icon: 'DataAnalysis', sub: true },
  { name: 'routing-rules', path: '/routing-rules', title: 'menu.routingRules', icon: 'Guide', entity: 'routing_rule', sub: true },
  { name: 'calendar', path: '/requests/calendar', title: 'menu.calendar', icon: 'Calendar', sub: true },
  { name: 'party-life', path: '/party-life', title: 'menu.partyLife', icon: 'Flag' },
  { name: 'pl-notices', path: '/party-life', title: 'menu.plNotices', icon: 'Bell', sub: true, same: true },
  { name: 'pl-meetings', path: '/party-life/meetings', title: 'menu.plMeetings', icon: 'Calendar', sub: true },
  { name: 'pl-compliance', path: '/party-life/compliance', title: 'menu.plCompliance', icon: 'DocumentChecked', sub: true },
  { name: 'pl-decisions', path: '/party-life/decisions', title: 'menu.plDecisions', icon: 'Guide', sub: true },
  { name: 'pl-trainings', path: '/party-life/trainings', title: 'menu.plTrainings', icon: 'School', sub: true },
  { name: 'pl-schools', path: '/party-life/family-schools', title: 'menu.plSchools', icon: 'HomeFilled', sub: true },
  { name: 'pl-duties', path: '/party-life/duties', title: 'menu.plDuties', icon: 'List', sub: true },
  { name: 'pl-tasks', path: '/party-life/tasks', title: 'menu.plTasks', icon: 'Finished', sub: true },
  { name: 'pl-schedules', path: '/party-life/schedules', title: 'menu.plSchedules', icon: 'Timer', sub: true },
  { name: 'disclosures', path: '/disclosures', title: 'menu.disclosures', icon: 'Document', entity: 'disclosure', sub: true },
  { name: 'member-reviews', path: '/member-reviews', title: 'menu.memberReviews', icon: 'Medal', entity: 'member_review', sub: true },
  { name: 'audit', path: '/audit', title: 'menu.audit', icon: 'Document' },
  ...statsMenu
]

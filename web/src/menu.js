// menu.js - the side menu's entries (route name, path, title key, icon, meta entity)
// Areas of the product shown in the side menu (route name, path, i18n title key,
// icon; same: another entry for the route of the item above (no route of its own); entity: a generic meta-driven list of that /meta entity; sub: indented
// under the previous top-level item; perm: the permission (GET /me) the page needs, data_read when not named;
// settings pages need settings_write, so they appear only where the user may write them).
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
  { name: 'imports', path: '/imports', title: 'menu.imports', icon: 'Upload', sub: true, perm: 'import' },
  { name: 'requests', path: '/requests', title: 'menu.requests', icon: 'ChatLineSquare' },
  { name: 'request-inbox', path: '/requests', title: 'menu.requestInbox', icon: 'Bell', sub: true, same: true },
  { name: 'request-all', path: '/requests/all', title: 'menu.requestAll', icon: 'Tickets', sub: true },
  { name: 'hotline', path: '/requests/hotline', title: 'menu.hotline', icon: 'Phone', sub: true },
  { name: 'request-stats', path: '/requests/stats', title: 'menu.requestStats', icon: 'DataAnalysis', sub: true },
  { name: 'routing-rules', path: '/routing-rules', title: 'menu.routingRules', icon: 'Guide', entity: 'routing_rule', sub: true, perm: 'settings_write' },
  { name: 'escalation-targets', path: '/request-escalation-targets', title: 'menu.escalationTargets', icon: 'Aim', entity: 'request_escalation_target', sub: true, perm: 'settings_write' },
  { name: 'calendar', path: '/requests/calendar', title: 'menu.calendar', icon: 'Calendar', sub: true, perm: 'settings_write' },
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
  { name: 'procedures', path: '/procedures', title: 'menu.procedures', icon: 'Finished' },
  { name: 'procedure-list', path: '/procedures', title: 'menu.procedureList', icon: 'Tickets', sub: true, same: true },
  { name: 'exit-proposals', path: '/procedures/exit-proposals', title: 'menu.exitProposals', icon: 'DocumentChecked', sub: true },
  { name: 'samplings', path: '/procedures/samplings', title: 'menu.samplings', icon: 'DataAnalysis', sub: true },
  { name: 'rechecks', path: '/procedures/rechecks', title: 'menu.rechecks', icon: 'Search', sub: true },
  { name: 'county-report', path: '/procedures/county-report', title: 'menu.countyReport', icon: 'Document', sub: true },
  // only for the roles that may write them: village conditions (data_write); the settings card asks for settings_write
  { name: 'procedure-settings', path: '/procedures/settings', title: 'menu.procedureSettings', icon: 'Edit', sub: true, perm: 'data_write' },
  { name: 'pairings', path: '/pairings', title: 'menu.pairings', icon: 'Aim', entity: 'pairing' },
  { name: 'pairing-list', path: '/pairings', title: 'menu.pairingList', icon: 'Tickets', sub: true, same: true },
  { name: 'pairings-mine', path: '/pairings/mine', title: 'menu.pairingsMine', icon: 'User', sub: true },
  { name: 'pairing-areas', path: '/pairing-areas', title: 'menu.pairingAreas', icon: 'Location', entity: 'pairing_area', sub: true },
  { name: 'teams', path: '/teams', title: 'menu.teams', icon: 'Flag', entity: 'team', sub: true },
  { name: 'team-members', path: '/team-members', title: 'menu.teamMembers', icon: 'UserFilled', entity: 'team_member', sub: true },
  { name: 'coverage', path: '/coverage', title: 'menu.coverage', icon: 'DataAnalysis', sub: true },
  { name: 'coverage-rules', path: '/coverage-rules', title: 'menu.coverageRules', icon: 'List', entity: 'coverage_rule', sub: true },
  { name: 'visits', path: '/visits', title: 'menu.visits', icon: 'House', entity: 'visit', sub: true },
  { name: 'visit-coverage', path: '/visits/figures', title: 'menu.visitCoverage', icon: 'DataAnalysis', sub: true },
  { name: 'visit-campaigns', path: '/visit-campaigns', title: 'menu.visitCampaigns', icon: 'Flag', entity: 'visit_campaign', sub: true },
  { name: 'leaves', path: '/leaves', title: 'menu.leaves', icon: 'Calendar', sub: true },
  { name: 'presence', path: '/presence', title: 'menu.presence', icon: 'Timer', sub: true },
  { name: 'checkins', path: '/checkins', title: 'menu.checkins', icon: 'Location', entity: 'checkin', sub: true },
  { name: 'absences', path: '/absences', title: 'menu.absences', icon: 'Bell', entity: 'absence', sub: true },
  { name: 'cadre-accounts', path: '/cadre-accounts', title: 'menu.cadreAccounts', icon: 'Key', entity: 'cadre_account', sub: true },
  { name: 'audit', path: '/audit', title: 'menu.audit', icon: 'Document', perm: 'audit_read' },
  { name: 'users', path: '/users', title: 'menu.users', icon: 'Key', perm: 'users_read' },
  ...statsMenu
]

// The entries the signed-in user may open.
export function menuFor(can) {
  return menuItems.filter((m) => can(m.perm || 'data_read'))
}

// menu.js - the dashboards' side-menu entries and their pages (loaded on first visit, so ECharts stays out of the other pages)

export const statsMenu = [
  { name: 'stats', path: '/stats', title: 'st.menu.dashboard', icon: 'DataAnalysis' },
  { name: 'command-map', path: '/command-map', title: 'st.menu.map', icon: 'Aim', sub: true },
  { name: 'stats-bulletin', path: '/stats/bulletin', title: 'st.menu.bulletin', icon: 'Document', sub: true },
  { name: 'command-posts', path: '/command-posts', title: 'st.menu.posts', icon: 'Guide', entity: 'command_post', sub: true },
  { name: 'command-members', path: '/command-members', title: 'st.menu.members', icon: 'User', entity: 'command_member', sub: true }
]

export const statsPages = {
  stats: () => import('./StatsDashboard.vue'),
  'command-map': () => import('./CommandMap.vue'),
  'stats-bulletin': () => import('./Bulletin.vue')
}

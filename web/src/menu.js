// Areas of the product shown in the side menu (route name, path, i18n title key, icon).
export const menuItems = [
  { name: 'dashboard', path: '/', title: 'menu.dashboard', icon: 'House' },
  { name: 'divisions', path: '/divisions', title: 'menu.divisions', icon: 'OfficeBuilding' },
  { name: 'households', path: '/households', title: 'menu.households', icon: 'Files' },
  { name: 'requests', path: '/requests', title: 'menu.requests', icon: 'ChatLineSquare' },
  { name: 'party-life', path: '/party-life', title: 'menu.partyLife', icon: 'Flag' },
  { name: 'audit', path: '/audit', title: 'menu.audit', icon: 'Document' }
]

/** The app's sections, in the order the side menu shows them (the router and the layout both read it). */
export interface NavEntry {
  path: string
  name: string
  /** the menu entry's words: `common.nav.<name>` */
  icon: string
}

export const nav: NavEntry[] = [
  { path: '/', name: 'today', icon: 'today' },
  { path: '/machines', name: 'machines', icon: 'atm' },
  { path: '/lps', name: 'lps', icon: 'groups' },
  { path: '/deposits', name: 'deposits', icon: 'savings' },
  { path: '/settlements', name: 'settlements', icon: 'receipt_long' },
  { path: '/payments', name: 'payments', icon: 'bolt' },
  { path: '/cassettes', name: 'cassettes', icon: 'inventory_2' },
  { path: '/splits', name: 'splits', icon: 'call_split' },
  { path: '/settings', name: 'settings', icon: 'settings' },
]

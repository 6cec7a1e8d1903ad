/** The app's sections, in the order the side menu shows them (the router and the layout both read it). */
export interface NavEntry {
  path: string
  name: string
  label: string
  icon: string
  /** for sections not built yet: what the page will do */
  comingSoon?: string
}

export const nav: NavEntry[] = [
  { path: '/', name: 'today', label: 'Today', icon: 'today' },
  { path: '/machines', name: 'machines', label: 'Machines', icon: 'atm' },
  { path: '/lps', name: 'lps', label: 'LPs', icon: 'groups' },
  { path: '/deposits', name: 'deposits', label: 'Deposits', icon: 'savings' },
  { path: '/settlements', name: 'settlements', label: 'Settlements', icon: 'receipt_long' },
  { path: '/payments', name: 'payments', label: 'Payments', icon: 'bolt' },
  { path: '/cassettes', name: 'cassettes', label: 'Cassettes', icon: 'inventory_2' },
  { path: '/splits', name: 'splits', label: 'Commission splits', icon: 'call_split' },
  { path: '/settings', name: 'settings', label: 'Settings', icon: 'settings' },
]

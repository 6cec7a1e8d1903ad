import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

export interface NavEntry {
  path: string
  name: string
  label: string
  icon: string
  /** for sections not built yet: what the page will do */
  comingSoon?: string
}

export const nav: NavEntry[] = [
  { path: '/', name: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { path: '/machines', name: 'machines', label: 'Machines', icon: 'atm' },
  { path: '/lps', name: 'lps', label: 'LPs', icon: 'groups', comingSoon: 'Liquidity providers: who funds each machine, where their sats go, and their balances.' },
  { path: '/deposits', name: 'deposits', label: 'Deposits', icon: 'savings', comingSoon: 'Record the fiat LPs hand you, and confirm it once it is in the cassettes.' },
  { path: '/settlements', name: 'settlements', label: 'Settlements', icon: 'receipt_long', comingSoon: 'Every ATM sale, how its sats were split, and what needs your attention.' },
  { path: '/payments', name: 'payments', label: 'Payments', icon: 'bolt', comingSoon: 'Each Lightning payment the app made or will make, with its status.' },
  { path: '/cassettes', name: 'cassettes', label: 'Cassettes', icon: 'inventory_2', comingSoon: 'What each ATM reports in its cassettes, and the counts you publish to it.' },
  { path: '/splits', name: 'splits', label: 'Commission splits', icon: 'call_split', comingSoon: 'How your commission is shared: a default ruleset and per-machine overrides.' },
  { path: '/settings', name: 'settings', label: 'Settings', icon: 'settings', comingSoon: 'Your Nostr signer, relays, LNbits wallets and the processing switch.' },
]

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: nav.map((entry) => ({
      path: entry.path === '/' ? '' : entry.path.slice(1),
      name: entry.name,
      component: entry.name === 'dashboard' ? () => import('./pages/DashboardPage.vue') : entry.name === 'machines' ? () => import('./pages/MachinesPage.vue') : () => import('./pages/ComingSoonPage.vue'),
      props: entry.comingSoon ? { title: entry.label, icon: entry.icon, description: entry.comingSoon } : false,
    })),
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Hash history: works from file:// in Electron and from the bridge alike.
export const router = createRouter({ history: createWebHashHistory(), routes })

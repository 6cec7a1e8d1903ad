import { createRouter, createWebHashHistory, type RouteComponent, type RouteRecordRaw } from 'vue-router'

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
  { path: '/lps', name: 'lps', label: 'LPs', icon: 'groups' },
  { path: '/deposits', name: 'deposits', label: 'Deposits', icon: 'savings' },
  { path: '/settlements', name: 'settlements', label: 'Settlements', icon: 'receipt_long' },
  { path: '/payments', name: 'payments', label: 'Payments', icon: 'bolt' },
  { path: '/cassettes', name: 'cassettes', label: 'Cassettes', icon: 'inventory_2' },
  { path: '/splits', name: 'splits', label: 'Commission splits', icon: 'call_split' },
  { path: '/settings', name: 'settings', label: 'Settings', icon: 'settings' },
]

const pages: Record<string, RouteComponent | (() => Promise<RouteComponent | { default: RouteComponent }>)> = {
  dashboard: () => import('./pages/DashboardPage.vue'),
  machines: () => import('./pages/MachinesPage.vue'),
  lps: () => import('./pages/LpsPage.vue'),
  deposits: () => import('./pages/DepositsPage.vue'),
  settlements: () => import('./pages/SettlementsPage.vue'),
  payments: () => import('./pages/PaymentsPage.vue'),
  splits: () => import('./pages/SplitsPage.vue'),
  cassettes: () => import('./pages/CassettesPage.vue'),
  settings: () => import('./pages/SettingsPage.vue'),
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: nav.map((entry) => ({
      path: entry.path === '/' ? '' : entry.path.slice(1),
      name: entry.name,
      component: entry.comingSoon ? () => import('./pages/ComingSoonPage.vue') : pages[entry.name]!,
      props: entry.comingSoon ? { title: entry.label, icon: entry.icon, description: entry.comingSoon } : false,
    })),
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Hash history: works from file:// in Electron and from the bridge alike.
export const router = createRouter({ history: createWebHashHistory(), routes })

import { createRouter, createWebHashHistory, type RouteComponent, type RouteRecordRaw } from 'vue-router'
import { nav } from './nav'

const pages: Record<string, RouteComponent | (() => Promise<RouteComponent | { default: RouteComponent }>)> = {
  today: () => import('./pages/TodayPage.vue'),
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
    children: [
      ...nav.map((entry) => ({
        path: entry.path === '/' ? '' : entry.path.slice(1),
        name: entry.name,
        component: pages[entry.name]!,
      })),
      // one machine: its fees, its LPs, settlements, cassettes, fee config delivery and wallet
      { path: 'machines/:id', name: 'machine', component: () => import('./pages/MachinePage.vue') },
      // an LP's statement: reached from the LPs page, printable
      { path: 'lps/:id/statement', name: 'statement', component: () => import('./pages/StatementPage.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Hash history: works from file:// in Electron and from the bridge alike.
export const router = createRouter({ history: createWebHashHistory(), routes })

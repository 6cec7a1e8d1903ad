import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { Quasar, Dark, Dialog, LocalStorage, Notify } from 'quasar'
import '@quasar/extras/material-icons/material-icons.css'
import 'quasar/dist/quasar.css'
import App from './App.vue'
import { router } from './router'
import { api } from './client'
import { applyLanguage, i18n } from './i18n'

const app = createApp(App)
app.use(Quasar, {
  plugins: { Dark, Dialog, LocalStorage, Notify },
  // positive darkened from Quasar's default so white text on it meets WCAG AA (4.5:1)
  config: { dark: 'auto', brand: { primary: '#1565c0', positive: '#1b7f3b' }, notify: { position: 'bottom-right', timeout: 4000 } },
})
app.use(createPinia())
app.use(i18n)
app.use(router)
// A restore put another ledger in place: everything shown is read again from it.
api.onEvent((event) => {
  if (event.name === 'ledger.replaced') window.location.reload()
  // The desktop app's core stopped and was started again: the ledger kept every change made.
  if (event.name === 'core.restarted')
    Notify.create({
      type: 'warning',
      timeout: 0,
      message: i18n.global.t('common.engine.restarted', { reason: event.payload.reason }),
      actions: [{ label: i18n.global.t('common.action.reload'), color: 'dark', handler: () => window.location.reload() }],
    })
})
// The language chosen in Settings (the ledger's, so every window agrees), else the system's.
applyLanguage(null)
const followLanguage = () =>
  api.call('settings.get', {}).then(
    (settings) => applyLanguage(settings.language),
    () => undefined, // the system's language stays; the page that needs settings reports the failure
  )
void followLanguage()
api.onEvent((event) => {
  // chosen in another window, or by the CLI
  if (event.name === 'settings.changed' || event.name === 'ledger.changedElsewhere') void followLanguage()
})
app.mount('#app')

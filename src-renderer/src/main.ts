import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { Quasar, Dark, Dialog, LocalStorage, Notify } from 'quasar'
import '@quasar/extras/material-icons/material-icons.css'
import 'quasar/dist/quasar.css'
import App from './App.vue'
import { router } from './router'
import { api } from './client'

const app = createApp(App)
app.use(Quasar, {
  plugins: { Dark, Dialog, LocalStorage, Notify },
  // positive darkened from Quasar's default so white text on it meets WCAG AA (4.5:1)
  config: { dark: 'auto', brand: { primary: '#1565c0', positive: '#1b7f3b' }, notify: { position: 'bottom-right', timeout: 4000 } },
})
app.use(createPinia())
app.use(router)
// A restore put another ledger in place: everything shown is read again from it.
api.onEvent((event) => {
  if (event.name === 'ledger.replaced') window.location.reload()
  // The desktop app's core stopped and was started again: the ledger kept every change made.
  if (event.name === 'core.restarted')
    Notify.create({
      type: 'warning',
      timeout: 0,
      message: `The app's engine stopped (${event.payload.reason}) and was started again. Nothing was lost; reload to see the latest.`,
      actions: [{ label: 'Reload', color: 'dark', handler: () => window.location.reload() }],
    })
})
app.mount('#app')

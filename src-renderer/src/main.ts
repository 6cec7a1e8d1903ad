import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { Quasar, Dark, Dialog, LocalStorage, Notify } from 'quasar'
import '@quasar/extras/material-icons/material-icons.css'
import 'quasar/dist/quasar.css'
import App from './App.vue'
import { router } from './router'

const app = createApp(App)
app.use(Quasar, {
  plugins: { Dark, Dialog, LocalStorage, Notify },
  config: { dark: 'auto', notify: { position: 'bottom-right', timeout: 4000 } },
})
app.use(createPinia())
app.use(router)
app.mount('#app')

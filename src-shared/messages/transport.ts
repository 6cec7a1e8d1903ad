import { defineCatalog } from './define'

/** What the UI's own connection to the app says when the app does not answer (English, then Spanish). */
export default defineCatalog(
  {
    timeout: 'The app did not answer in time. Check that `npm run serve` is still running.',
    offline: 'Not connected to the app. It reconnects by itself; if this persists, restart `npm run serve`.',
  },
  {
    timeout: 'La aplicación no respondió a tiempo. Revise que `npm run serve` siga en ejecución.',
    offline: 'No hay conexión con la aplicación. Se reconecta sola; si esto continúa, reinicie `npm run serve`.',
  },
)

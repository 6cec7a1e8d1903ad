import type { PushEvent } from '../../src-shared/contract/events'

/** What the shell needs of Electron's Notification (a fake in the tests). */
export interface Notifier {
  isSupported(): boolean
  show(title: string, body: string): void
}

/**
 * Raised alerts as desktop notifications (docs/health.md#alerts): the operator hears of a stuck
 * payout or a dead LNbits with the window closed or behind others. Alerts back to normal and
 * acknowledgements stay in the app.
 */
export function notifyAlerts(onEvent: (listener: (e: PushEvent) => void) => () => void, notifier: Notifier): () => void {
  return onEvent((event) => {
    if (event.name !== 'alerts.changed' || !notifier.isSupported()) return
    for (const alert of event.payload.raised) notifier.show(`SatMachine: ${alert.title}`, alert.detail)
  })
}

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ReconcileReport } from '../../../src-shared/domain/reconcile'
import type { Today } from '../../../src-shared/domain/today'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** The Today screen, as the core sums it up for the operator's own day. */
export const useTodayStore = defineStore('today', () => {
  const today = ref<Today | null>(null)
  const reports = ref<ReconcileReport[]>([])

  async function load(): Promise<void> {
    try {
      // the browser's clock says where the operator's day starts
      today.value = await api.call('today.get', { utc_offset_minutes: -new Date().getTimezoneOffset() })
      reports.value = await api.call('reconcile.list', { limit: 5 })
    } catch (e) {
      reportError(e)
    }
  }

  const ack = async (id: string): Promise<void> => {
    await api.call('alerts.ack', { id })
    await load()
  }
  const notifyTest = () => api.call('alerts.notifyTest', {})
  const reconcile = async (): Promise<ReconcileReport> => {
    const report = await api.call('reconcile.run', {})
    await load()
    return report
  }

  const follow = storeEvents(
    [
      'alerts.changed',
      'settlements.changed',
      'machines.changed',
      'clients.changed',
      'deposits.changed',
      'backups.changed',
      'processing.changed',
      'signer.changed',
      'secrets.changed',
      'relays.changed',
      'settings.changed',
    ],
    load,
  )
  return { today, reports, load, ack, notifyTest, reconcile, follow }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ProcessingStatus } from '../../../src-shared/domain/processing'
import { api } from '../client'
import { storeEvents } from '../composables/events'

/** Whether payouts run, and what waits. Mutations throw the core's CommandError and keep the status they return. */
export const useProcessingStore = defineStore('processing', () => {
  const status = ref<ProcessingStatus | null>(null)

  /** null when unreadable: the connection indicator already says the app is unreachable */
  async function load(): Promise<void> {
    try {
      status.value = await api.call('processing.status', {})
    } catch {
      status.value = null
    }
  }

  async function pause(reason: string): Promise<ProcessingStatus> {
    status.value = await api.call('processing.pause', { reason })
    return status.value
  }

  /** 'one': pay one settlement first and stay paused; 'all': resume everything. */
  async function resume(mode: 'one' | 'all'): Promise<ProcessingStatus> {
    status.value = await api.call('processing.resume', { mode })
    return status.value
  }

  // a wallet bound (machines.changed), the signer locked or back: the header says whether payouts can run
  const follow = storeEvents(['processing.changed', 'settlements.changed', 'machines.changed', 'signer.changed', 'secrets.changed'], load)

  return { status, load, pause, resume, follow }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { SyncResult, SyncStatus, UnattributedPayment } from '../../../src-shared/domain/ingestion'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/**
 * Ingestion and the rounds with LNbits and the relays: how far each machine wallet was read, the open
 * payments without an attestation, and `run` (one round now). Mutations throw the core's CommandError.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  const unattributed = usePagedList('unattributed.list', () => ({ status: 'open' }))

  /** A failure is reported; the last status stays. */
  async function loadStatus(): Promise<void> {
    try {
      status.value = await api.call('sync.status', {})
    } catch (e) {
      reportError(e)
    }
  }

  const load = () => Promise.all([loadStatus(), unattributed.load()])

  /**
   * One round now: ingest the machine wallets, pay what is pending, read and send over the relays. It
   * changes several domains: the asking view reloads what it shows (and the pushes refresh the rest).
   */
  function run(args: ArgsOf<'sync.run'> = {}): Promise<SyncResult> {
    return api.call('sync.run', args)
  }

  async function attribute(args: ArgsOf<'unattributed.attribute'>): Promise<UnattributedPayment> {
    const payment = await api.call('unattributed.attribute', args)
    await unattributed.refresh()
    return payment
  }

  async function dismiss(args: ArgsOf<'unattributed.dismiss'>): Promise<UnattributedPayment> {
    const payment = await api.call('unattributed.dismiss', args)
    await unattributed.refresh()
    return payment
  }

  const follow = storeEvents(['ingestion.changed', 'unattributed.changed', 'processing.changed'], () =>
    Promise.all([loadStatus(), unattributed.refresh()]),
  )

  return { status, unattributed, loadStatus, load, run, attribute, dismiss, follow }
})

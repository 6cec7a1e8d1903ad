import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { PaymentTotals } from '../../../src-shared/domain/settlement'
import { api } from '../client'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/** The payment legs, as a page filters them (by type, by status); settlements make and pay them. */
export const usePaymentsStore = defineStore('payments', () => {
  const filter = ref<ArgsOf<'payments.list'>>({})
  const list = usePagedList('payments.list', () => filter.value)

  /** what the filter in use takes, added up (null while unread) */
  const totals = ref<PaymentTotals | null>(null)

  function load(args: ArgsOf<'payments.list'>): Promise<void> {
    filter.value = args
    return Promise.all([list.load(), loadTotals()]).then(() => undefined)
  }

  async function loadTotals(): Promise<void> {
    try {
      const { limit: _limit, cursor: _cursor, ...f } = filter.value
      totals.value = await api.call('payments.totals', f)
    } catch {
      totals.value = null // the list's own error says what is wrong
    }
  }

  const follow = storeEvents(['settlements.changed'], () => Promise.all([list.refresh(), loadTotals()]))

  return { list, totals, load, follow }
})

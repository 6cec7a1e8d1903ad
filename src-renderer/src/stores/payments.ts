import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import { storeEvents } from '../composables/events'
import { usePagedList, useTotals } from '../composables/paged'

/** The payment legs, as a page filters them (by type, by status); settlements make and pay them. */
export const usePaymentsStore = defineStore('payments', () => {
  const filter = ref<ArgsOf<'payments.list'>>({})
  const list = usePagedList('payments.list', () => filter.value)

  /** what the filter in use takes, added up (null while unread) */
  const { totals, load: loadTotals } = useTotals('payments.totals', () => filter.value)

  function load(args: ArgsOf<'payments.list'>): Promise<void> {
    filter.value = args
    return Promise.all([list.load(), loadTotals()]).then(() => undefined)
  }

  const follow = storeEvents(['settlements.changed'], () => Promise.all([list.refresh(), loadTotals()]))

  return { list, totals, load, follow }
})

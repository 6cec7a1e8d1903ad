import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/** The payment legs, as a page filters them (by type, by status); settlements make and pay them. */
export const usePaymentsStore = defineStore('payments', () => {
  const filter = ref<ArgsOf<'payments.list'>>({})
  const list = usePagedList('payments.list', () => filter.value)

  function load(args: ArgsOf<'payments.list'>): Promise<void> {
    filter.value = args
    return list.load()
  }

  const follow = storeEvents(['settlements.changed'], () => list.refresh())

  return { list, load, follow }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { Deposit } from '../../../src-shared/domain/deposit'
import { api } from '../client'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/** The deposits, as a page filters them (by status). Mutations throw the core's CommandError and reload the list. */
export const useDepositsStore = defineStore('deposits', () => {
  const filter = ref<ArgsOf<'deposits.list'>>({})
  const list = usePagedList('deposits.list', () => filter.value)

  function load(args: ArgsOf<'deposits.list'>): Promise<void> {
    filter.value = args
    return list.load()
  }

  async function create(args: ArgsOf<'deposits.create'>): Promise<Deposit> {
    const deposit = await api.call('deposits.create', args)
    await list.refresh()
    return deposit
  }

  async function setStatus(id: string, status: 'confirmed' | 'cancelled'): Promise<Deposit> {
    const deposit = await api.call('deposits.setStatus', { id, status })
    await list.refresh()
    return deposit
  }

  async function remove(id: string): Promise<{ deleted: string }> {
    const deleted = await api.call('deposits.delete', { id })
    await list.refresh()
    return deleted
  }

  const follow = storeEvents(['deposits.changed'], () => list.refresh())

  /** A confirmed deposit taken back, with the reason; throws the core's CommandError (e.g. the shortfall). */
  async function reverse(id: string, reason: string): Promise<Deposit> {
    const d = await api.call('deposits.reverse', { id, reason })
    await list.refresh()
    return d
  }

  return { list, load, create, setStatus, remove, reverse, follow }
})

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

  return { list, load, create, setStatus, remove, follow }
})

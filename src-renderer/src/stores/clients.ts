import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { Client, ClientBalance } from '../../../src-shared/domain/client'
import type { DestinationCheck } from '../../../src-shared/domain/verify'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/**
 * The LPs: `list` as a page filters it (by machine), `all` for pickers and names (up to 500), and the
 * balances asked for. Mutations throw the core's CommandError and reload the lists they changed.
 */
export const useClientsStore = defineStore('clients', () => {
  const filter = ref<ArgsOf<'clients.list'>>({})
  const list = usePagedList('clients.list', () => filter.value)
  const all = usePagedList('clients.list', () => ({ limit: 500 }))
  const balances = ref<Record<string, ClientBalance>>({})

  /** the filtered list, from its first page */
  function loadList(args: ArgsOf<'clients.list'>): Promise<void> {
    filter.value = args
    return list.load()
  }

  const reload = () => Promise.all([list.refresh(), all.refresh()])

  /** An LP's deposits, DCA and remaining fiat; a failure is reported, the last balance stays. */
  async function loadBalance(id: string): Promise<void> {
    try {
      balances.value[id] = await api.call('clients.balance', { id })
    } catch (e) {
      reportError(e)
    }
  }

  async function create(args: ArgsOf<'clients.create'>): Promise<Client> {
    const client = await api.call('clients.create', args)
    await reload()
    return client
  }

  async function update(args: ArgsOf<'clients.update'>): Promise<Client> {
    const client = await api.call('clients.update', args)
    await reload()
    return client
  }

  async function remove(id: string): Promise<{ deleted: string }> {
    const deleted = await api.call('clients.delete', { id })
    await reload()
    return deleted
  }

  /** Onboarding: the destination checked live (nothing paid); the lists are reloaded either way. */
  async function verify(clientId: string): Promise<DestinationCheck> {
    try {
      return await api.call('destinations.verify', { client_id: clientId })
    } finally {
      await reload()
    }
  }

  // Deposits and settlements change what an LP has and has received.
  const follow = storeEvents(['clients.changed', 'deposits.changed', 'settlements.changed'], reload)

  return { list, all, balances, loadList, loadBalance, create, update, remove, verify, follow }
})

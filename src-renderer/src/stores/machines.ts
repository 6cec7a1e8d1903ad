import { defineStore } from 'pinia'
import { toRefs } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { Machine } from '../../../src-shared/domain/machine'
import { api } from '../client'
import { usePagedList } from '../composables/paged'

/** The machines the core returned, shared by every page that names machines; the core stays the authority. */
export const useMachinesStore = defineStore('machines', () => {
  const list = usePagedList('machines.list', () => ({ limit: 100 }))

  /** Throws the core's CommandError so the form can show it against the right field. */
  async function create(args: ArgsOf<'machines.create'>): Promise<Machine> {
    const machine = await api.call('machines.create', args)
    await list.load()
    return machine
  }

  api.onEvent((event) => {
    // another process's write may have added or changed one too
    if ((event.name === 'machines.changed' || event.name === 'ledger.changedElsewhere') && list.loaded) void list.load()
  })

  return { ...toRefs(list), create }
})

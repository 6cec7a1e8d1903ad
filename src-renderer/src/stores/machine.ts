import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { Machine, MachineFeeConfig } from '../../../src-shared/domain/machine'
import { api } from '../client'
import { errorText } from '../composables/command'
import { storeEvents } from '../composables/events'
import { usePagedList } from '../composables/paged'

/**
 * The machine one page shows: the machine, its fee config delivery, and the first pages of its LPs
 * and settlements. Mutations throw the core's CommandError (the form shows it) and read again.
 */
export const useMachineStore = defineStore('machine', () => {
  const id = ref('')
  const machine = ref<Machine | null>(null)
  const feeConfig = ref<MachineFeeConfig | null>(null)
  const error = ref<string | null>(null)
  const lps = usePagedList('clients.list', () => ({ machine_id: id.value, limit: 50 }))
  const settlements = usePagedList('settlements.list', () => ({ machine_id: id.value, limit: 25 }))

  async function loadMachine(): Promise<void> {
    const asked = id.value
    if (!asked) return
    try {
      const [m, config] = await Promise.all([api.call('machines.get', { id: asked }), api.call('machines.feeConfig', { id: asked })])
      if (asked !== id.value) return // another machine was opened meanwhile
      machine.value = m
      feeConfig.value = config
      error.value = null
    } catch (e) {
      if (asked === id.value) error.value = errorText(e)
    }
  }

  /** Another machine: what was shown of the last one goes first, so it is never shown under this one's name. */
  async function open(machineId: string): Promise<void> {
    if (machineId !== id.value) {
      machine.value = null
      feeConfig.value = null
      error.value = null
      lps.clear()
      settlements.clear()
    }
    id.value = machineId
    await Promise.all([loadMachine(), lps.load(), settlements.load()])
  }

  async function update(args: Omit<ArgsOf<'machines.update'>, 'id'>): Promise<Machine> {
    const m = await api.call('machines.update', { id: id.value, ...args })
    await loadMachine()
    return m
  }

  // The relays' answers reach the delivery tab; the lists follow their own records.
  const follow = storeEvents(['machines.changed', 'superConfig.changed', 'outbox.changed', 'clients.changed', 'settlements.changed'], () =>
    id.value ? Promise.all([loadMachine(), lps.refresh(), settlements.refresh()]) : Promise.resolve(),
  )

  return { id, machine, feeConfig, error, lps, settlements, open, update, follow }
})

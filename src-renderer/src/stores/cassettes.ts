import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { CassetteRow } from '../../../src-shared/domain/cassettes'
import { api } from '../client'
import { errorText } from '../composables/command'
import { storeEvents } from '../composables/events'

/**
 * The cassette bays of each machine asked for (what you loaded, what its ATM last reported), and the
 * error of each one's last load. `publish` throws the core's CommandError.
 */
export const useCassettesStore = defineStore('cassettes', () => {
  const rows = ref<Record<string, CassetteRow[]>>({})
  /** by machine id; a key is there once the machine was asked for */
  const errors = ref<Record<string, string | null>>({})

  async function load(machineId: string): Promise<void> {
    errors.value[machineId] = null
    try {
      rows.value[machineId] = await api.call('cassettes.list', { machine_id: machineId })
    } catch (e) {
      errors.value[machineId] = errorText(e)
    }
  }

  /** Saves the bays after a refill; they go to the ATM with the next sync. */
  async function publish(machineId: string, positions: ArgsOf<'cassettes.publish'>['positions']): Promise<CassetteRow[]> {
    const published = await api.call('cassettes.publish', { machine_id: machineId, positions })
    rows.value[machineId] = published
    return published
  }

  // The relays brought an ATM's report.
  // not on writes elsewhere: the Cassettes page keeps counts typed and not sent yet, which a reload would wipe
  const follow = storeEvents(['cassettes.changed'], () => Promise.all(Object.keys(errors.value).map(load)), { elsewhere: false })

  return { rows, errors, load, publish, follow }
})

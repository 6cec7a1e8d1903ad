import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { SuperConfig } from '../../../src-shared/domain/super-config'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** The platform fee in force (the super config), as the core returns it. */
export const useFeesStore = defineStore('fees', () => {
  const superConfig = ref<SuperConfig | null>(null)

  /** A failure is reported; the last config stays. */
  async function load(): Promise<void> {
    try {
      superConfig.value = await api.call('superConfig.get', {})
    } catch (e) {
      reportError(e)
    }
  }

  /** Platform mode only; throws the core's CommandError (the form shows it). */
  async function update(args: ArgsOf<'superConfig.update'>): Promise<SuperConfig> {
    const config = await api.call('superConfig.update', args)
    await load()
    return config
  }

  // Platform mode follows the signer as much as the platform key.
  const follow = storeEvents(['superConfig.changed', 'signer.changed'], load)

  return { superConfig, load, update, follow }
})

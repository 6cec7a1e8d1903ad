import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { Settings } from '../../../src-shared/domain/settings'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** The operator's own settings (the platform key), as the core returns them. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null)

  /** A failure is reported; the last settings stay. */
  async function load(): Promise<void> {
    try {
      settings.value = await api.call('settings.get', {})
    } catch (e) {
      reportError(e)
    }
  }

  /** Throws the core's CommandError (a machine's key, not a key at all). */
  async function update(args: ArgsOf<'settings.update'>): Promise<Settings> {
    settings.value = await api.call('settings.update', args)
    return settings.value
  }

  // The signer decides platform mode as much as the key does.
  const follow = storeEvents(['settings.changed', 'signer.changed'], load)

  return { settings, load, update, follow }
})

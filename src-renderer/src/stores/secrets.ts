import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { SecretsStatus } from '../../../src-shared/domain/secrets'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** How the data key that seals the LNbits keys is kept, and whether it is open. Mutations throw the core's CommandError. */
export const useSecretsStore = defineStore('secrets', () => {
  const status = ref<SecretsStatus | null>(null)

  async function load(): Promise<void> {
    try {
      status.value = await api.call('secrets.status', {})
    } catch (e) {
      reportError(e)
    }
  }

  async function reloading(call: Promise<SecretsStatus>): Promise<SecretsStatus> {
    try {
      return await call
    } finally {
      await load()
    }
  }

  const unlock = (passphrase: string) => reloading(api.call('secrets.unlock', { passphrase }))
  const protect = (args: ArgsOf<'secrets.protect'>) => reloading(api.call('secrets.protect', args))
  const follow = storeEvents(['secrets.changed', 'ledger.replaced'], load)

  return { status, load, unlock, protect, follow }
})

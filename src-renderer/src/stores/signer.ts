import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { SignerStatus } from '../../../src-shared/domain/signer'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/**
 * The operator's Nostr signer: its status (local key or bunker, ready, a pairing on offer, an approval
 * asked for). Mutations throw the core's CommandError and reload the status either way.
 */
export const useSignerStore = defineStore('signer', () => {
  const status = ref<SignerStatus | null>(null)

  /** A failure is reported; the last status stays. */
  async function load(): Promise<void> {
    try {
      status.value = await api.call('signer.status', {})
    } catch (e) {
      reportError(e)
    }
  }

  async function reloading<T>(call: Promise<T>): Promise<T> {
    try {
      return await call
    } finally {
      await load()
    }
  }

  /** A bunker:// address, or a nostrconnect:// offer on these relays (it waits for the phone in the background). */
  const connectBunker = (args: ArgsOf<'signer.connectBunker'>) => reloading(api.call('signer.connectBunker', args))
  const createLocal = (args: ArgsOf<'signer.createLocal'>) => reloading(api.call('signer.createLocal', args))
  const importLocal = (args: ArgsOf<'signer.importLocal'>) => reloading(api.call('signer.importLocal', args))
  const unlock = (passphrase: string) => reloading(api.call('signer.unlock', { passphrase }))
  const disconnect = (forgetLocalKey: boolean) => reloading(api.call('signer.disconnect', { forget_local_key: forgetLocalKey }))

  const follow = storeEvents(['signer.changed'], load)

  return { status, load, connectBunker, createLocal, importLocal, unlock, disconnect, follow }
})

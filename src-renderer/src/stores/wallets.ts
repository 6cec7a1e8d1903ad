import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { WalletBinding, WalletTest } from '../../../src-shared/domain/wallet'
import { api } from '../client'
import { errorText } from '../composables/command'

/** The bound LNbits wallets (keys as previews only) and the error of the last load. Mutations throw the core's CommandError and reload the list. */
export const useWalletsStore = defineStore('wallets', () => {
  const wallets = ref<WalletBinding[]>([])
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    try {
      wallets.value = await api.call('wallets.list', {})
      error.value = null
    } catch (e) {
      error.value = errorText(e)
    }
  }

  /** LNbits is asked to confirm both keys before anything is saved. */
  async function bind(args: ArgsOf<'wallets.bind'>): Promise<WalletBinding> {
    const wallet = await api.call('wallets.bind', args)
    await load()
    return wallet
  }

  /** The check's outcome is in the result; the list is reloaded either way (it keeps the last check). */
  async function test(id: string): Promise<WalletTest> {
    try {
      return await api.call('wallets.test', { id })
    } finally {
      await load()
    }
  }

  async function rotateKey(args: ArgsOf<'wallets.rotateKey'>): Promise<WalletBinding> {
    const wallet = await api.call('wallets.rotateKey', args)
    await load()
    return wallet
  }

  return { wallets, error, load, bind, test, rotateKey }
})

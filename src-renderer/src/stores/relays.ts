import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OutboxItem, RelayEntry } from '../../../src-shared/domain/relays'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** The relays, each with its connection state, and the outbox (up to 500 entries). Mutations throw the core's CommandError. */
export const useRelaysStore = defineStore('relays', () => {
  const relays = ref<RelayEntry[]>([])
  const outbox = ref<OutboxItem[]>([])

  /** A failure is reported; what was read stays. */
  async function load(): Promise<void> {
    try {
      relays.value = await api.call('relays.list', {})
      outbox.value = await api.call('outbox.list', { limit: 500 })
    } catch (e) {
      reportError(e)
    }
  }

  async function add(url: string): Promise<RelayEntry[]> {
    const list = await api.call('relays.add', { url })
    await load()
    return list
  }

  /** Reloads either way. */
  async function remove(url: string): Promise<RelayEntry[]> {
    try {
      return await api.call('relays.remove', { url })
    } finally {
      await load()
    }
  }

  const follow = storeEvents(['relays.changed', 'outbox.changed'], load)

  return { relays, outbox, load, add, remove, follow }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Machine } from '../../../src-shared/domain/machine'
import { api } from '../client'

/** A view of the machines the core returned; the core stays the only authority. */
export const useMachinesStore = defineStore('machines', () => {
  const items = ref<Machine[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await api.call('machines.list', { limit: 100 })
      items.value = page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch (e) {
      error.value = e instanceof CommandError ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return
    loading.value = true
    try {
      const page = await api.call('machines.list', { limit: 100, cursor: nextCursor.value })
      items.value = [...items.value, ...page.items]
      nextCursor.value = page.next_cursor
    } catch (e) {
      error.value = e instanceof CommandError ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  /** Throws the core's CommandError so the form can show it against the right field. */
  async function create(args: ArgsOf<'machines.create'>): Promise<Machine> {
    const machine = await api.call('machines.create', args)
    await load()
    return machine
  }

  api.onEvent((event) => {
    if (event.name === 'machines.changed' && loaded.value) void load()
  })

  return { items, nextCursor, loading, loaded, error, load, loadMore, create }
})

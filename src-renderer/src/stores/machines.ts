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

  /** First page (replacing the list) or, with a cursor, the next one (appended). */
  async function fetchPage(cursor: string | null): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await api.call('machines.list', { limit: 100, cursor })
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch (e) {
      error.value = e instanceof CommandError ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  const load = () => fetchPage(null)
  const loadMore = () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve())

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

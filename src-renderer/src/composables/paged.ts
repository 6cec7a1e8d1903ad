import { reactive, ref, type Ref } from 'vue'
import type { ArgsOf, CommandName, Page, ResultOf } from '../../../src-shared/contract/commands'
import { api } from '../client'
import { errorText } from './command'

type PagedCommand = { [N in CommandName]: ResultOf<N> extends Page<unknown> ? N : never }[CommandName]
type ItemOf<N extends PagedCommand> = ResultOf<N> extends Page<infer T> ? T : never

/** A list view over a paginated command: first page, "load more", and the error to show. */
export function usePagedList<N extends PagedCommand>(name: N, args: () => ArgsOf<N>) {
  const items = ref([]) as Ref<ItemOf<N>[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let asked = false
  /** each first page asked for starts a new generation: a reply to an older one (other args) is dropped */
  let generation = 0

  async function fetchPage(cursor: string | null): Promise<void> {
    asked = true
    if (!cursor) generation++
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const page = (await api.call(name, { ...args(), cursor } as ArgsOf<N>)) as Page<ItemOf<N>>
      if (mine !== generation) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch (e) {
      if (mine === generation) error.value = errorText(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Forgets what was shown (another machine's list must not show under this one's name). */
  function clear(): void {
    generation++
    items.value = []
    nextCursor.value = null
    loaded.value = false
    loading.value = false
    error.value = null
  }

  // reactive(): templates and scripts read list.items, list.error, … without .value
  return reactive({
    items,
    nextCursor,
    loading,
    loaded,
    error,
    load: () => fetchPage(null),
    clear,
    loadMore: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()),
    /** the first page again, if it was asked for before (a push said the list changed) */
    refresh: () => (asked ? fetchPage(null) : Promise.resolve()),
  })
}

export type PagedList<T> = {
  items: T[]
  nextCursor: string | null
  loading: boolean
  loaded: boolean
  error: string | null
  load(): Promise<void>
  loadMore(): Promise<void>
}

type TotalsCommand = 'settlements.totals' | 'payments.totals'

/**
 * What a paged list's filter takes, added up: the list's args without its paging. `totals` is
 * null while unread or when the read failed (the list's own error says what is wrong).
 */
export function useTotals<N extends TotalsCommand>(name: N, filter: () => ArgsOf<N> & { limit?: number; cursor?: string | null }) {
  const totals = ref(null) as Ref<ResultOf<N> | null>
  async function load(): Promise<void> {
    try {
      const { limit: _limit, cursor: _cursor, ...args } = filter()
      totals.value = (await api.call(name, args as ArgsOf<N>)) as ResultOf<N>
    } catch {
      totals.value = null
    }
  }
  return { totals, load }
}

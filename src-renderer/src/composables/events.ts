import { onUnmounted } from 'vue'
import type { EventName } from '../../../src-shared/contract/events'
import { api } from '../client'

/**
 * The push events that make a store's data stale, owned by the store. While at least one view follows
 * the store, each of `names` runs `refresh` once (never rejecting: a store's loads keep their own
 * errors), then each view's `after`; so does `ledger.changedElsewhere`, a write by another process,
 * unless `elsewhere` is false (a store whose view holds unsent edits). Returns `follow`, for a view's setup: it lasts until the view unmounts,
 * so nothing is fetched for a page nobody shows.
 */
export function storeEvents(
  names: readonly EventName[],
  refresh: () => Promise<unknown>,
  opts: { elsewhere?: boolean } = {},
): (after?: () => unknown) => void {
  const elsewhere = opts.elsewhere ?? true
  const views = new Set<{ after: () => unknown }>()
  api.onEvent((event) => {
    // a write by another process may have changed anything: every followed store reads again
    if (views.size === 0 || (!names.includes(event.name) && !(elsewhere && event.name === 'ledger.changedElsewhere'))) return
    void refresh().then(() => {
      for (const view of [...views]) void view.after()
    })
  })
  return (after = () => undefined) => {
    const view = { after }
    views.add(view)
    onUnmounted(() => views.delete(view))
  }
}

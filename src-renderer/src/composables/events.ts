import { onUnmounted } from 'vue'
import type { EventName, PushEvent } from '../../../src-shared/contract/events'
import { api } from '../client'

/** Calls `fn` when the core pushes one of `names`, for as long as the component lives. */
export function useCoreEvents(names: EventName[], fn: (event: PushEvent) => void): void {
  const off = api.onEvent((event) => {
    if (names.includes(event.name)) fn(event)
  })
  onUnmounted(off)
}

import type { PushEvent } from '../../src-shared/contract/events'
import type { Logger } from './log'

/** The core's push events to its transports; a listener that throws is logged, never the caller's problem. */
export class EventHub {
  private readonly listeners = new Set<(event: PushEvent) => void>()

  constructor(private readonly logger: Logger) {}

  listen(listener: (event: PushEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  deliver(events: PushEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event)
        } catch (e) {
          this.logger.error('event listener failed', { event: event.name, error: (e as Error).message })
        }
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}

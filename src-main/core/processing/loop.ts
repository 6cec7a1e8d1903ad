import type { Core } from '../core'
import type { Logger } from '../log'

/**
 * Pays pending settlements in the background while the app runs (the desktop shell and the
 * bridge start it; the CLI does not). One round at a time; the processing switch and a
 * machine without a wallet are honoured by `settlements.process` itself.
 */
export function startProcessingLoop(core: Core, opts: { intervalMs: number; logger: Logger }): () => void {
  let running = false
  let stopped = false
  const round = async () => {
    if (running || stopped) return
    running = true
    try {
      const r = await core.call('settlements.process', {}, { actor: 'auto' })
      // Paused is a normal state, not a failure; anything else is worth a line in the log.
      if (!r.ok && r.error.code !== 'conflict') opts.logger.warn('automatic processing failed', { error: r.error.message })
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void round(), opts.intervalMs)
  timer.unref()
  return () => {
    stopped = true
    clearInterval(timer)
  }
}

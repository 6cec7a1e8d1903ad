import type { Core } from '../core'
import type { Logger } from '../log'
import type { SyncResult } from '../../../src-shared/domain/ingestion'

/**
 * Ingests the machine wallets' sales and pays pending settlements in the background while the
 * app runs (the desktop shell and the bridge start it; the CLI does not). One round at a time;
 * the processing switch and a machine without a wallet are honoured by `sync.run` itself.
 */
export function startProcessingLoop(core: Core, opts: { intervalMs: number; logger: Logger }): () => void {
  let running = false
  let stopped = false
  const round = async () => {
    if (running || stopped) return
    running = true
    try {
      const r = await core.call('sync.run', {}, { actor: 'auto' })
      // Paused is a normal state, not a failure; anything else is worth a line in the log.
      if (!r.ok && r.error.code !== 'conflict') opts.logger.warn('automatic sync failed', { error: r.error.message })
      // A wallet that could not be read keeps its error in sync.status (and the UI shows it).
      if (r.ok) for (const w of (r.result as SyncResult).wallets) if (w.error) opts.logger.warn('ingestion stopped early', { wallet: w.wallet_id, error: w.error })
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

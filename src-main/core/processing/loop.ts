import type { Reply } from '../../../src-shared/contract/reply'
import type { CallContext } from '../env'
import type { Logger } from '../log'
import type { SyncResult } from '../../../src-shared/domain/ingestion'

/** A background service of the core: started with it, stopped (and waited for) when it closes. */
export interface BackgroundService {
  stop(): Promise<void>
}

/**
 * Ingests the machine wallets' sales and pays pending settlements in the background while the
 * app runs (the core starts it when asked to: the desktop shell and the bridge do, the CLI does
 * not). One round at a time; the processing switch and a machine without a wallet are honoured
 * by `sync.run` itself.
 */
export function startProcessingLoop(
  core: { call(name: string, args: unknown, ctx: CallContext): Promise<Reply> },
  opts: { intervalMs: number; logger: Logger },
): BackgroundService {
  return periodic(async () => {
    const r = await core.call('sync.run', {}, { actor: 'auto' })
    // Paused is a normal state, not a failure; anything else is worth a line in the log.
    if (!r.ok && r.error.code !== 'conflict') opts.logger.warn('automatic sync failed', { error: r.error.message })
    // A wallet that could not be read keeps its error in sync.status (and the UI shows it).
    if (r.ok)
      for (const w of (r.result as SyncResult).wallets)
        if (w.error) opts.logger.warn('ingestion stopped early', { wallet: w.wallet_id, error: w.error })
  }, opts.intervalMs)
}

/** Runs `task` every `intervalMs`, one run at a time (a slow one is not overlapped); stop() waits for the run under way. */
export function periodic(task: () => Promise<void>, intervalMs: number): BackgroundService {
  let current: Promise<void> | null = null
  let stopped = false
  const tick = () => {
    if (current || stopped) return
    current = task().finally(() => (current = null))
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await current
    },
  }
}

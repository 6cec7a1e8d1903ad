import type { SyncStatus } from '../../../src-shared/domain/ingestion'
import { readSwitch } from '../processing/switch'
import type { Handler } from '../env'
import { runSyncRound } from './round'
import { countUnattributed, ingestionProgress } from '../ingestion/queries'
import { countSettlements } from '../settlement/queries'

/** One round now: see runSyncRound. */
export const runSync: Handler<'sync.run'> = (args, env) => runSyncRound(env, args)

export const syncStatus: Handler<'sync.status'> = async (_args, env) => {
  const rows = await ingestionProgress(env.db)
  const status: SyncStatus = {
    paused: (await readSwitch(env.db)).paused,
    wallets: rows.map((r) => ({
      wallet_id: r.id,
      machine_id: r.machine_id!,
      label: r.label,
      // both sides (cash-outs in, cash-ins out) are read up to the earlier of the two
      after: r.after_time === null ? null : new Date(Math.min(r.after_time, r.out_after_time ?? r.after_time) * 1000).toISOString(),
      last_success_at: r.last_success_at,
      last_error: r.last_error,
      last_error_at: r.last_error_at,
      payments_seen: r.payments_seen ?? 0,
    })),
    open_unattributed: await countUnattributed(env.db, 'open'),
    rejected: (await countSettlements(env.db, ['rejected'])).rejected,
  }
  return status
}

import type { SyncStatus } from '../../../src-shared/domain/ingestion'
import { readSwitch } from '../processing/switch'
import type { Handler } from '../handler'
import { runSyncRound } from './round'

/** One round now: see runSyncRound. */
export const runSync: Handler<'sync.run'> = (args, env) => runSyncRound(env, args)

export const syncStatus: Handler<'sync.status'> = async (_args, env) => {
  const rows = await env.db
    .selectFrom('wallet_bindings as w')
    .leftJoin('ingestion_cursors as c', 'c.wallet_binding_id', 'w.id')
    .select(['w.id', 'w.machine_id', 'w.label', 'c.after_time', 'c.last_success_at', 'c.last_error', 'c.last_error_at', 'c.payments_seen'])
    .where('w.role', '=', 'machine')
    .orderBy('w.created_at')
    .execute()
  const count = async (table: 'unattributed_payments' | 'settlements', status: string) =>
    Number(
      (
        await env.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', status as never)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const status: SyncStatus = {
    paused: (await readSwitch(env.db)).paused,
    wallets: rows.map((r) => ({
      wallet_id: r.id,
      machine_id: r.machine_id!,
      label: r.label,
      after: r.after_time === null ? null : new Date(r.after_time * 1000).toISOString(),
      last_success_at: r.last_success_at,
      last_error: r.last_error,
      last_error_at: r.last_error_at,
      payments_seen: r.payments_seen ?? 0,
    })),
    open_unattributed: await count('unattributed_payments', 'open'),
    rejected: await count('settlements', 'rejected'),
  }
  return status
}

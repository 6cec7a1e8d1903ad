import { CommandError } from '../../../src-shared/contract/errors'
import type { SyncStatus, WalletIngestion } from '../../../src-shared/domain/ingestion'
import type { HandlerEnv } from '../env'
import { ingestWallet } from '../ingestion/ingest'
import { readSwitch } from '../processing/switch'
import type { Handler } from '../handler'
import { processSettlements } from '../settlement/handlers'
import { flushOutbox } from '../relays/outbox'
import { pullInbox } from '../relays/inbox'
import { cassetteStateSubscription } from '../cassettes/state-sub'
import { superConfigSubscription } from '../fees/super-config-sub'

/**
 * One round now (DESIGN §9 sync.run): ingest every bound machine wallet (or one), pay what is
 * pending, and send what the outbox holds. A wallet whose LNbits fails does not stop the
 * others: its error is in the result and in sync.status, and its cursor stays where it was.
 * The processing switch stops ingestion and payouts; the outbox (no money moves) still goes out.
 */
export const runSync: Handler<'sync.run'> = async (args, env) => {
  let q = env.ledger.selectFrom('wallet_bindings').selectAll().where('role', '=', 'machine').orderBy('created_at')
  if (args.wallet_id) q = q.where('id', '=', args.wallet_id)
  const bindings = await q.execute()
  if (args.wallet_id && bindings.length === 0) throw new CommandError('not_found', `No machine wallet with id ${args.wallet_id}.`, [{ path: 'wallet_id', message: 'is not a bound machine wallet' }])
  const wallets: WalletIngestion[] = []
  const running = !(await readSwitch(env.ledger)).paused
  if (running) for (const binding of bindings) wallets.push(await ingestWallet(ingestDeps(env), binding, env.ingestion))
  // Paused while ingesting (the switch stops everything at once): nothing is paid this round.
  const processed = running && args.process && !(await readSwitch(env.ledger)).paused ? (await processSettlements({ limit: 100 }, env)).processed : null
  // What the ATMs and the platform sent first (a new super config queues new fee configs), then what goes out.
  const inbox = await pullInbox({ db: env.ledger, relays: env.relays, now: env.now, logger: env.logger }, [
    cassetteStateSubscription({ db: env.ledger, signer: env.signer, now: env.now }),
    superConfigSubscription({ db: env.ledger, secrets: env.secrets, now: env.now, newId: env.newId, emit: env.emit }),
  ])
  if (inbox.applied > 0) env.emit({ name: 'cassettes.changed', payload: {} })
  const outbox = await flushOutbox({ db: env.ledger, signer: env.signer, relays: env.relays, now: env.now, emit: env.emit, logger: env.logger })
  return { paused: !running, wallets, processed, inbox, outbox }
}

function ingestDeps(env: HandlerEnv) {
  return { db: env.ledger, secrets: env.secrets, lnbits: env.lnbits, now: env.now, newId: env.newId, actor: env.actor, emit: env.emit, logger: env.logger }
}

export const syncStatus: Handler<'sync.status'> = async (_args, env) => {
  const rows = await env.db
    .selectFrom('wallet_bindings as w')
    .leftJoin('ingestion_cursors as c', 'c.wallet_binding_id', 'w.id')
    .select(['w.id', 'w.machine_id', 'w.label', 'c.after_time', 'c.last_success_at', 'c.last_error', 'c.last_error_at', 'c.payments_seen'])
    .where('w.role', '=', 'machine')
    .orderBy('w.created_at')
    .execute()
  const count = async (table: 'unattributed_payments' | 'settlements', status: string) =>
    Number((await env.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status as never).executeTakeFirstOrThrow()).n)
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

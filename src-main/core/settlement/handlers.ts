import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import { roundDiv } from '../../../src-shared/money/apportion'
import type { SettlementDetail } from '../../../src-shared/domain/settlement'
import { appendAudit } from '../audit/log'
import { inWriteTransaction } from '../ledger/transaction'
import type { Database, SettlementsTable } from '../ledger/schema'
import { loadPlanContext } from './inputs'
import { planSettlement } from './plan'
import { activeSettlementForTxid, newSettlementRow } from './settlement-row'
import { processSettlement, type ProcessorDeps } from './processor'
import type { Handler } from '../handler'
import { processorDeps, requireRunning } from '../processing/handlers'
import { loadMachine } from '../machines/handlers'
import { decodeCursor, toPage } from '../ledger/paging'
import { loadSuperConfig } from '../fees/handlers'
import { toLeg, toSettlement } from './view'

export async function loadSettlement(db: Kysely<Database>, id: string): Promise<SettlementsTable> {
  const row = await db.selectFrom('settlements').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No settlement with id ${id}.`)
  return row
}

export async function settlementDetail(db: Kysely<Database>, id: string): Promise<SettlementDetail> {
  const row = await loadSettlement(db, id)
  const legs = await db.selectFrom('legs').selectAll().where('settlement_id', '=', id).orderBy('position').orderBy('created_at').execute()
  const notes = await db.selectFrom('settlement_notes').select(['author', 'body', 'created_at']).where('settlement_id', '=', id).orderBy('id').execute()
  return { ...toSettlement(row), legs: legs.map(toLeg), notes: notes.map((n) => ({ author: n.author, note: n.body, created_at: n.created_at })) }
}

const minutesAgo = (now: string, minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString()

export const recordSettlement: Handler<'settlements.record'> = async (args, env) => {
  const machine = await loadMachine(env.db, args.machine_id)
  const sup = await loadSuperConfig(env.db)
  const dup = await activeSettlementForTxid(env.db, machine.id, args.txid)
  if (dup) throw new CommandError('conflict', `Machine "${machine.name}" already has a settlement for txid ${args.txid} (${dup.id}).`, [{ path: 'txid', message: 'is already recorded for this machine' }])
  if (args.payment_hash) {
    const byHash = await env.db.selectFrom('settlements').select('id').where('payment_hash', '=', args.payment_hash).executeTakeFirst()
    if (byHash) throw new CommandError('conflict', `Payment ${args.payment_hash} already has a settlement (${byHash.id}).`, [{ path: 'payment_hash', message: 'already has a settlement' }])
  }
  const row = newSettlementRow({
    id: env.newId(),
    now: env.now(),
    machine,
    sup,
    sale: { source: 'manual', txid: args.txid, payment_hash: args.payment_hash ?? null, direction: args.direction, crypto_atoms: args.crypto_atoms, fiat_amount: args.fiat_amount, discount_bps: args.discount },
  })
  await env.db.insertInto('settlements').values(row).execute()
  const settlement = toSettlement(row)
  await env.audit({ command: 'settlements.record', entity: 'settlement', entity_id: row.id, before: null, after: settlement })
  // A payment that was waiting for an attestation is accounted for now.
  if (row.payment_hash) {
    const waited = await env.db
      .updateTable('unattributed_payments')
      .set({ status: 'attributed', settlement_id: row.id, resolved_by: env.actor, reason: 'recorded by hand', updated_at: row.created_at })
      .where('payment_hash', '=', row.payment_hash)
      .where('status', '=', 'open')
      .executeTakeFirst()
    if (waited.numUpdatedRows > 0n) env.emit({ name: 'unattributed.changed', payload: { payment_hash: row.payment_hash, status: 'attributed' } })
  }
  env.emit({ name: 'settlements.changed', payload: { id: row.id, status: row.status } })
  return settlement
}

export const listSettlements: Handler<'settlements.list'> = async (args, env) => {
  const before = decodeCursor(args.cursor)
  let q = env.db.selectFrom('settlements').selectAll().orderBy('id', 'desc').limit(args.limit + 1)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (args.status) q = q.where('status', '=', args.status)
  if (before) q = q.where('id', '<', before)
  return toPage(await q.execute(), args.limit, toSettlement)
}

export const getSettlement: Handler<'settlements.get'> = async (args, env) => settlementDetail(env.db, args.settlement_id)

export const previewSettlement: Handler<'settlements.preview'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  const ctx = await loadPlanContext(env.db, s)
  const plan = planSettlement(ctx.input)
  return {
    settlement_id: s.id,
    base_sats: plan.base_sats,
    commission_sats: plan.commission_sats,
    total_sats: plan.total_sats,
    legs: plan.legs.map(({ source: _source, ...leg }) => leg),
  }
}

export const addNote: Handler<'settlements.addNote'> = async (args, env) => {
  await loadSettlement(env.db, args.settlement_id)
  const created_at = env.now()
  await env.db.insertInto('settlement_notes').values({ settlement_id: args.settlement_id, author: env.actor, body: args.note, created_at }).execute()
  await env.audit({ command: 'settlements.addNote', entity: 'settlement', entity_id: args.settlement_id, before: null, after: { note: args.note, created_at } })
  return settlementDetail(env.db, args.settlement_id)
}

export const forceReset: Handler<'settlements.forceReset'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  if (s.status !== 'pending' && s.status !== 'processing') {
    throw new CommandError('conflict', `The settlement is ${s.status}; only a pending or processing settlement can be force-reset.`)
  }
  const since = s.status === 'processing' ? (s.processing_at ?? s.updated_at) : s.created_at
  const now = env.now()
  const ageMinutes = (Date.parse(now) - Date.parse(since)) / 60_000
  if (ageMinutes < args.threshold_minutes) {
    throw new CommandError(
      'conflict',
      `The settlement has been ${s.status} for only ${ageMinutes.toFixed(1)} minutes (threshold ${args.threshold_minutes}); it may still be running. Try again later.`,
    )
  }
  const error = `Force-reset by ${env.actor} after ${ageMinutes.toFixed(0)} minutes ${s.status}; retry resumes it (legs in flight are checked first).`
  await env.db.updateTable('settlements').set({ status: 'errored', error, updated_at: now }).where('id', '=', s.id).where('status', '=', s.status).execute()
  await env.audit({ command: 'settlements.forceReset', entity: 'settlement', entity_id: s.id, before: { status: s.status }, after: { status: 'errored', error } })
  env.emit({ name: 'settlements.changed', payload: { id: s.id, status: 'errored' } })
  return toSettlement({ ...s, status: 'errored', error, updated_at: now })
}

export const stuckSettlements: Handler<'settlements.stuck'> = async (args, env) => {
  const cutoff = minutesAgo(env.now(), args.threshold_minutes)
  const byStatus = (status: SettlementsTable['status']) => env.db.selectFrom('settlements').selectAll().where('status', '=', status).orderBy('id').limit(500)
  const [rejected, errored, pending, processing] = await Promise.all([
    byStatus('rejected').execute(),
    byStatus('errored').execute(),
    byStatus('pending').where('created_at', '<', cutoff).execute(),
    byStatus('processing').where('processing_at', '<', cutoff).execute(),
  ])
  return {
    threshold_minutes: args.threshold_minutes,
    rejected: rejected.map(toSettlement),
    errored: errored.map(toSettlement),
    stuck_pending: pending.map(toSettlement),
    stuck_processing: processing.map(toSettlement),
  }
}

export const partialDispense: Handler<'settlements.partialDispense'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  if ((args.dispensed_fraction === undefined) === (args.dispensed_sats === undefined)) {
    throw new CommandError('invalid_args', 'Give exactly one of dispensed_fraction or dispensed_sats.', [{ path: 'dispensed_sats', message: 'give this or dispensed_fraction, not both' }])
  }
  if (s.direction !== 'cash_out') throw new CommandError('conflict', 'Only a cash-out dispenses cash; a cash-in cannot be partially dispensed.')
  if (s.status !== 'pending' && s.status !== 'errored') {
    throw new CommandError('conflict', `The settlement is ${s.status}; a partial dispense applies to a pending or errored settlement.`)
  }
  const moving = await env.db.selectFrom('legs').select(['status', 'target_label']).where('settlement_id', '=', s.id).where('status', 'in', ['completed', 'in_flight']).where('leg_type', 'not in', ['operator_principal', 'retained']).execute()
  if (moving.length > 0) {
    throw new CommandError(
      'conflict',
      `${moving.length} payment(s) of this settlement already went out or may have (${moving.map((l) => l.target_label).join(', ')}); Lightning payments cannot be clawed back. Settle the difference with an LP balance settlement instead.`,
    )
  }
  const C = s.crypto_atoms
  let dispensed: number
  if (args.dispensed_sats !== undefined) {
    dispensed = args.dispensed_sats
  } else {
    const [whole, dec = ''] = args.dispensed_fraction!.split('.')
    const parts = Number(whole) * 10_000 + Number(dec.padEnd(4, '0'))
    dispensed = Number(roundDiv(BigInt(C) * BigInt(parts), 10_000n))
  }
  if (dispensed <= 0 || dispensed > C) {
    throw new CommandError('invalid_args', `The dispensed sats must be more than 0 and at most ${C}; got ${dispensed}. For nothing dispensed, note the refund and leave the settlement errored.`, [
      { path: args.dispensed_sats !== undefined ? 'dispensed_sats' : 'dispensed_fraction', message: `must give between 1 and ${C} sats` },
    ])
  }
  const dispensedFiat = Number(roundDiv(BigInt(s.fiat_amount) * BigInt(dispensed), BigInt(C)))
  const now = env.now()
  await env.db.updateTable('legs').set({ status: 'voided', updated_at: now }).where('settlement_id', '=', s.id).where('status', '<>', 'voided').execute()
  const values = { dispensed_sats: dispensed, dispensed_fiat: dispensedFiat, held_sats: C - dispensed, status: 'pending' as const, error: null, base_sats: null, commission_sats: null, updated_at: now }
  await env.db.updateTable('settlements').set(values).where('id', '=', s.id).execute()
  if (args.note) await env.db.insertInto('settlement_notes').values({ settlement_id: s.id, author: env.actor, body: args.note, created_at: now }).execute()
  await env.audit({ command: 'settlements.partialDispense', entity: 'settlement', entity_id: s.id, before: toSettlement(s), after: toSettlement({ ...s, ...values }) })
  env.emit({ name: 'settlements.changed', payload: { id: s.id, status: 'pending' } })
  return settlementDetail(env.db, s.id)
}

/** A payer that cannot pay for this machine (no wallet bound) is asked before anything is claimed or planned. */
async function requirePayerReady(deps: ProcessorDeps, machineId: string): Promise<void> {
  const reason = await deps.payer.readiness(machineId)
  if (reason) throw new CommandError('unavailable', `${reason} Nothing was processed.`)
}

export const processSettlements: Handler<'settlements.process'> = async (args, env) => {
  await requireRunning(env)
  const deps = processorDeps(env)
  if (args.settlement_id) {
    const s = await loadSettlement(env.ledger, args.settlement_id)
    if (s.status !== 'pending') throw new CommandError('conflict', `The settlement is ${s.status}, not pending. Use settlements.retry for an errored one.`)
    await requirePayerReady(deps, s.machine_id)
    const r = await processSettlement(deps, s.id)
    return { processed: [{ settlement_id: r.settlement_id, status: r.status, error: r.error }] }
  }
  const pending = await env.ledger.selectFrom('settlements').select(['id', 'machine_id']).where('status', '=', 'pending').orderBy('id').limit(args.limit).execute()
  const processed = []
  for (const { id, machine_id } of pending) {
    // A settlement whose machine cannot be paid from stays pending; the stuck worklist shows it.
    if (await deps.payer.readiness(machine_id)) continue
    const r = await processSettlement(deps, id)
    if (r.claimed) processed.push({ settlement_id: id, status: r.status, error: r.error })
  }
  return { processed }
}

/**
 * A leg failed perhaps because its destination was wrong; if the operator has fixed it since,
 * the retried leg pays the new one. LP legs take the LP's current destination, the platform
 * fee the current platform destination. (External split legs keep theirs: a ruleset is
 * replaced whole, so a new destination there comes with a new plan.)
 */
async function refreshDestinations(trx: Kysely<Database>, settlementId: string, now: string): Promise<void> {
  const legs = await trx.selectFrom('legs').select(['id', 'leg_type', 'client_id']).where('settlement_id', '=', settlementId).where('status', '=', 'planned').execute()
  const sup = await loadSuperConfig(trx)
  for (const leg of legs) {
    if (leg.client_id) {
      const c = await trx.selectFrom('clients').select(['payout_destination', 'destination_kind', 'destination_enc']).where('id', '=', leg.client_id).executeTakeFirst()
      if (c?.destination_enc) await trx.updateTable('legs').set({ target: c.payout_destination ?? '', target_kind: c.destination_kind, target_enc: c.destination_enc, updated_at: now }).where('id', '=', leg.id).execute()
    } else if (leg.leg_type === 'super_fee' && sup.fee_destination_enc) {
      await trx.updateTable('legs').set({ target: sup.fee_destination ?? '', target_kind: sup.fee_destination_kind, target_enc: sup.fee_destination_enc, updated_at: now }).where('id', '=', leg.id).execute()
    }
  }
}

export const retrySettlement: Handler<'settlements.retry'> = async (args, env) => {
  await requireRunning(env)
  const deps = processorDeps(env)
  const s = await loadSettlement(env.ledger, args.settlement_id)
  if (s.status !== 'errored') throw new CommandError('conflict', `The settlement is ${s.status}; only an errored settlement is retried.`)
  await requirePayerReady(deps, s.machine_id)
  await inWriteTransaction(env.ledger, async (trx) => {
    const now = env.now()
    // Failed legs get a fresh invoice; in-flight legs keep theirs and are checked first; completed legs are never touched.
    await trx.updateTable('legs').set({ status: 'planned', bolt11: null, payment_hash: null, updated_at: now }).where('settlement_id', '=', s.id).where('status', '=', 'failed').execute()
    await refreshDestinations(trx, s.id, now)
    const r = await trx.updateTable('settlements').set({ status: 'pending', updated_at: now }).where('id', '=', s.id).where('status', '=', 'errored').executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new CommandError('conflict', 'The settlement changed meanwhile; reload it.')
    await appendAudit(trx, now, { actor: env.actor, command: 'settlements.retry', entity: 'settlement', entity_id: s.id, before: { status: 'errored' }, after: { status: 'pending' } })
  })
  await processSettlement(deps, s.id)
  return settlementDetail(env.ledger, s.id)
}

import type { MessageId } from '../../../src-shared/messages'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { Handler } from '../env'
import type { SettlementsTable } from '../ledger/schema'
import { toPage } from '../ledger/paging'
import { loadMachine } from '../machines/queries'
import { loadSuperConfig } from '../fees/queries'
import { requireRunning } from '../processing/switch'
import { attributeWaitingPayment } from '../ingestion/queries'
import { previewPlan } from './preview'
import { processSettlement } from './processor'
import { processPending, processorDeps, requirePayerReady } from '../processing/pay-pending'
import {
  activeSettlementForTxid,
  addSettlementNote,
  insertSettlement,
  loadSettlement,
  movingLegs,
  settlementDetail,
  settlementForPaymentHash,
  settlementPage,
  settlementTotals,
  settlementsIn,
} from './queries'
import { refreshDestinations } from './refresh-destinations'
import { checkOneDispensedAmount, checkPartialDispensable, checkVoidable, dispensedAmounts, forceResetAge } from './rules'
import { newSettlementRow } from './settlement-row'
import { errorSettlement, reopenForRetry, replanDispensed, voidUnpaid } from './transitions'
import { toSettlement } from './view'

// The status is a word of the sentence: each status a refusal can name has its message.
const NOT_PENDING = {
  processing: 'settlement.process.status.processing',
  completed: 'settlement.process.status.completed',
  errored: 'settlement.process.status.errored',
  rejected: 'settlement.process.status.rejected',
  voided: 'settlement.process.status.voided',
} as const satisfies Record<Exclude<SettlementsTable['status'], 'pending'>, MessageId>

const NOT_ERRORED = {
  pending: 'settlement.retry.status.pending',
  processing: 'settlement.retry.status.processing',
  completed: 'settlement.retry.status.completed',
  rejected: 'settlement.retry.status.rejected',
  voided: 'settlement.retry.status.voided',
} as const satisfies Record<Exclude<SettlementsTable['status'], 'errored'>, MessageId>

const changedMeanwhile = () => refusal('conflict', 'settlement.changed_meanwhile')

const minutesAgo = (now: string, minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString()

export const recordSettlement: Handler<'settlements.record'> = async (args, env) => {
  const machine = await loadMachine(env.db, args.machine_id)
  const sup = await loadSuperConfig(env.db)
  const dup = await activeSettlementForTxid(env.db, machine.id, args.txid)
  if (dup)
    throw refusal('conflict', 'settlement.txid.taken', { machine: machine.name, txid: args.txid, id: dup.id }, [
      refusalIssue('txid', 'settlement.txid.taken.issue'),
    ])
  if (args.payment_hash) {
    const byHash = await settlementForPaymentHash(env.db, args.payment_hash)
    if (byHash)
      throw refusal('conflict', 'settlement.payment_hash.taken', { payment_hash: args.payment_hash, id: byHash.id }, [
        refusalIssue('payment_hash', 'settlement.payment_hash.taken.issue'),
      ])
  }
  const row = newSettlementRow({
    id: env.newId(),
    now: env.now(),
    machine,
    sup,
    sale: {
      source: 'manual',
      txid: args.txid,
      payment_hash: args.payment_hash ?? null,
      direction: args.direction,
      crypto_atoms: args.crypto_atoms,
      fiat_amount: args.fiat_amount,
      discount_bps: args.discount,
    },
  })
  await insertSettlement(env.db, row)
  const settlement = toSettlement(row)
  await env.audit({ entity: 'settlement', entity_id: row.id, before: null, after: settlement })
  // A payment that was waiting for an attestation is accounted for now.
  if (row.payment_hash && (await attributeWaitingPayment(env.db, row.payment_hash, row.id, env.actor, row.created_at))) {
    env.emit({ name: 'unattributed.changed', payload: { payment_hash: row.payment_hash, status: 'attributed' } })
  }
  env.emit({ name: 'settlements.changed', payload: { id: row.id, status: row.status } })
  return settlement
}

export const listSettlements: Handler<'settlements.list'> = async (args, env) =>
  toPage(await settlementPage(env.db, args), args.limit, toSettlement)

export const totalSettlements: Handler<'settlements.totals'> = async (args, env) => settlementTotals(env.db, args)

export const getSettlement: Handler<'settlements.get'> = async (args, env) => settlementDetail(env.db, args.settlement_id)

export const previewSettlement: Handler<'settlements.preview'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  const plan = await previewPlan(env.db, s)
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
  await addSettlementNote(env.db, args.settlement_id, env.actor, args.note, created_at)
  await env.audit({ entity: 'settlement', entity_id: args.settlement_id, before: null, after: { note: args.note, created_at } })
  return settlementDetail(env.db, args.settlement_id)
}

export const forceReset: Handler<'settlements.forceReset'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  const now = env.now()
  const age = forceResetAge(s, now, args.threshold_minutes)
  const error = `Force-reset by ${env.actor} after ${age.minutes.toFixed(0)} minutes ${age.from}; retry resumes it (legs in flight are checked first).`
  if (!(await errorSettlement(env.db, s.id, age.from, error, now))) throw changedMeanwhile()
  await env.audit({ entity: 'settlement', entity_id: s.id, before: { status: s.status }, after: { status: 'errored', error } })
  env.emit({ name: 'settlements.changed', payload: { id: s.id, status: 'errored' } })
  return toSettlement({ ...s, status: 'errored', error, updated_at: now })
}

export const stuckSettlements: Handler<'settlements.stuck'> = async (args, env) => {
  const cutoff = minutesAgo(env.now(), args.threshold_minutes)
  const [rejected, errored, pending, processing] = await Promise.all([
    settlementsIn(env.db, 'rejected'),
    settlementsIn(env.db, 'errored'),
    settlementsIn(env.db, 'pending', { before: { column: 'created_at', at: cutoff } }),
    settlementsIn(env.db, 'processing', { before: { column: 'processing_at', at: cutoff } }),
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
  checkOneDispensedAmount(args)
  checkPartialDispensable(s)
  const moving = await movingLegs(env.db, s.id)
  if (moving.length > 0) {
    throw refusal('conflict', 'settlement.partial.moving', {
      count: moving.length,
      legs: moving.map((l) => l.target_label).join(', '),
    })
  }
  const amounts = dispensedAmounts(s, args)
  const now = env.now()
  if (!(await replanDispensed(env.db, s, amounts, now))) throw changedMeanwhile()
  if (args.note) await addSettlementNote(env.db, s.id, env.actor, args.note, now)
  const after = { ...s, ...amounts, status: 'pending' as const, error: null, base_sats: null, commission_sats: null, updated_at: now }
  await env.audit({ entity: 'settlement', entity_id: s.id, before: toSettlement(s), after: toSettlement(after) })
  env.emit({ name: 'settlements.changed', payload: { id: s.id, status: 'pending' } })
  return settlementDetail(env.db, s.id)
}

export const processSettlements: Handler<'settlements.process'> = async (args, env) => {
  await requireRunning(env.db)
  const deps = processorDeps(env)
  if (!args.settlement_id) return processPending(deps, args.limit)
  const s = await loadSettlement(env.db, args.settlement_id)
  if (s.status !== 'pending') throw refusal('conflict', NOT_PENDING[s.status])
  await requirePayerReady(deps, s.machine_id)
  const r = await processSettlement(deps, s.id)
  return { processed: [{ settlement_id: r.settlement_id, status: r.status, error: r.error }], waiting: [] }
}

export const retrySettlement: Handler<'settlements.retry'> = async (args, env) => {
  await requireRunning(env.db)
  const deps = processorDeps(env)
  const s = await loadSettlement(env.db, args.settlement_id)
  if (s.status !== 'errored') throw refusal('conflict', NOT_ERRORED[s.status])
  await requirePayerReady(deps, s.machine_id)
  await env.transaction(async (tx) => {
    const now = tx.now()
    if (!(await reopenForRetry(tx.db, s.id, now))) throw changedMeanwhile()
    await refreshDestinations(tx.db, s.id, now)
    await tx.audit({ entity: 'settlement', entity_id: s.id, before: { status: 'errored' }, after: { status: 'pending' } })
  })
  await processSettlement(deps, s.id)
  return settlementDetail(env.db, s.id)
}

/** Nothing was dispensed, or the customer was refunded: the settlement is closed without paying anything. */
export const voidSettlement: Handler<'settlements.void'> = async (args, env) => {
  const s = await loadSettlement(env.db, args.settlement_id)
  checkVoidable(s, await movingLegs(env.db, s.id))
  const now = env.now()
  if (!(await voidUnpaid(env.db, s, args.reason, now))) throw changedMeanwhile()
  await addSettlementNote(env.db, s.id, env.actor, `Voided: ${args.reason}`, now)
  const after = toSettlement({ ...s, status: 'voided', void_reason: args.reason, error: null, updated_at: now })
  await env.audit({ entity: 'settlement', entity_id: s.id, before: toSettlement(s), after })
  env.emit({ name: 'settlements.changed', payload: { id: s.id, status: 'voided' } })
  return after
}

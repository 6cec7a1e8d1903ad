import { sql, type Kysely } from 'kysely'
import type { SettlementStatus } from '../../../src-shared/domain/settlement'
import type { Database, LegsTable, SettlementsTable } from '../ledger/schema'

/**
 * Every status change of a settlement and of a leg, each guarded by the status it expects
 * (`where status = …`), so two runs never both take one step: the one whose update changed
 * a row did it. The state machines are drawn in docs/state-machines.md. Each function runs
 * in the caller's transaction and returns whether it changed anything.
 */

type Db = Kysely<Database>
const changed = (r: { numUpdatedRows: bigint }) => r.numUpdatedRows > 0n

// ---- settlements ------------------------------------------------------------------------

/** pending -> processing: the processor's optimistic lock. */
export async function claimSettlement(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ status: 'processing', processing_at: now, updated_at: now, error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return changed(r)
}

/** processing -> completed | errored: the processor's last step, with what the legs came to. */
export async function finishSettlement(
  db: Db,
  id: string,
  status: Extract<SettlementStatus, 'completed' | 'errored'>,
  error: string | null,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ status, error, updated_at: now, completed_at: status === 'completed' ? now : null })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  return changed(r)
}

/** pending | processing -> errored, by the operator (force-reset) or because no plan could be made. */
export async function errorSettlement(db: Db, id: string, from: 'pending' | 'processing', error: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ status: 'errored', error, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst()
  return changed(r)
}

/** errored -> pending, for a retry: failed legs get a fresh invoice, in-flight legs keep theirs, completed legs are never touched. */
export async function reopenForRetry(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ status: 'pending', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'errored')
    .executeTakeFirst()
  if (!changed(r)) return false
  await db
    .updateTable('legs')
    .set({ status: 'planned', bolt11: null, payment_hash: null, updated_at: now })
    .where('settlement_id', '=', id)
    .where('status', '=', 'failed')
    .execute()
  return true
}

/** pending | errored -> pending with smaller amounts (a partial dispense): every leg is voided, the next claim plans anew. */
export async function replanDispensed(
  db: Db,
  s: Pick<SettlementsTable, 'id' | 'status'>,
  amounts: Pick<SettlementsTable, 'dispensed_sats' | 'dispensed_fiat' | 'held_sats'>,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ ...amounts, status: 'pending', error: null, base_sats: null, commission_sats: null, updated_at: now })
    .where('id', '=', s.id)
    .where('status', '=', s.status)
    .executeTakeFirst()
  if (!changed(r)) return false
  await voidLegsOf(db, s.id, now)
  return true
}

/**
 * pending | errored -> voided, final: the settlement pays nothing, ever. Its legs are voided with
 * it (the caller has checked that no money leg is paid or in flight), so LP balances are as if it
 * never happened.
 */
export async function voidUnpaid(db: Db, s: Pick<SettlementsTable, 'id' | 'status'>, reason: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('settlements')
    .set({ status: 'voided', void_reason: reason, error: null, updated_at: now })
    .where('id', '=', s.id)
    .where('status', '=', s.status)
    .where('status', 'in', ['pending', 'errored'])
    .executeTakeFirst()
  if (!changed(r)) return false
  await voidLegsOf(db, s.id, now)
  return true
}

// ---- legs -------------------------------------------------------------------------------

/** planned -> in_flight, with the invoice persisted before anything is paid: from here on the leg is resolved by its hash. */
export async function legInFlight(db: Db, legId: string, invoice: { bolt11: string; payment_hash: string }, now: string): Promise<boolean> {
  const r = await db
    .updateTable('legs')
    .set({
      status: 'in_flight',
      bolt11: invoice.bolt11,
      payment_hash: invoice.payment_hash,
      attempts: sql`attempts + 1`,
      in_flight_at: now,
      updated_at: now,
      error: null,
    })
    .where('id', '=', legId)
    .where('status', '=', 'planned')
    .executeTakeFirst()
  return changed(r)
}

/** in_flight -> completed: the payer confirmed the payment. */
export async function legCompleted(db: Db, legId: string, now: string): Promise<boolean> {
  return setLeg(db, legId, 'in_flight', { status: 'completed', completed_at: now, error: null }, now)
}

/** planned | in_flight -> failed: nothing was paid (no invoice, refused, a destination that cannot be read). */
export async function legFailed(db: Db, legId: string, from: 'planned' | 'in_flight', error: string, now: string): Promise<boolean> {
  return setLeg(db, legId, from, { status: 'failed', error }, now)
}

/** No change of status, only why the leg waits (its outcome is unknown, or it is still pending). */
export async function legNote(db: Db, legId: string, at: LegsTable['status'], error: string, now: string): Promise<boolean> {
  return setLeg(db, legId, at, { error }, now)
}

/** failed -> voided for an LP's balance settlements that LNbits refused: they moved nothing, so the LP's balance is as before. */
export async function voidRefusedBalanceSettlements(db: Db, clientId: string, now: string): Promise<void> {
  await db
    .updateTable('legs')
    .set({ status: 'voided', updated_at: now })
    .where('client_id', '=', clientId)
    .where('leg_type', '=', 'balance_settlement')
    .where('status', '=', 'failed')
    .execute()
}

/** every leg of a settlement not voided yet -> voided (a re-plan, or a settlement voided whole) */
async function voidLegsOf(db: Db, settlementId: string, now: string): Promise<void> {
  await db
    .updateTable('legs')
    .set({ status: 'voided', updated_at: now })
    .where('settlement_id', '=', settlementId)
    .where('status', '<>', 'voided')
    .execute()
}

async function setLeg(db: Db, legId: string, from: LegsTable['status'], values: Partial<LegsTable>, now: string): Promise<boolean> {
  const r = await db
    .updateTable('legs')
    .set({ ...values, updated_at: now })
    .where('id', '=', legId)
    .where('status', '=', from)
    .executeTakeFirst()
  return changed(r)
}

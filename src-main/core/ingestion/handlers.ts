import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { UnattributedPayment } from '../../../src-shared/domain/ingestion'
import type { Database, UnattributedPaymentsTable } from '../ledger/schema'
import { newSettlementRow } from '../settlement/settlement-row'
import { activeSettlementForTxid, insertSettlement } from '../settlement/queries'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/queries'
import { loadSuperConfig } from '../fees/queries'
import { toSettlement } from '../settlement/view'

function toUnattributed(r: UnattributedPaymentsTable): UnattributedPayment {
  return {
    id: r.payment_hash,
    payment_hash: r.payment_hash,
    wallet_id: r.wallet_binding_id,
    machine_id: r.machine_id,
    amount_msat: r.amount_msat,
    memo: r.memo,
    paid_at: new Date(r.paid_at * 1000).toISOString(),
    status: r.status,
    settlement_id: r.settlement_id,
    resolved_by: r.resolved_by,
    reason: r.reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}

// Newest first by LNbits' time; the cursor is "<paid_at>:<payment_hash>" of the last row seen.
const encode = (r: UnattributedPaymentsTable) => Buffer.from(`${r.paid_at}:${r.payment_hash}`, 'utf8').toString('base64url')
function decode(cursor: string | null | undefined): { paid_at: number; hash: string } | undefined {
  if (!cursor) return undefined
  const m = /^(\d{1,12}):([0-9a-f]{64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m)
    throw new CommandError('invalid_args', 'cursor is not one returned by a previous page', [
      { path: 'cursor', message: 'is not one returned by a previous page' },
    ])
  return { paid_at: Number(m[1]), hash: m[2]! }
}

export const listUnattributed: Handler<'unattributed.list'> = async (args, env) => {
  const after = decode(args.cursor)
  let q = env.db
    .selectFrom('unattributed_payments')
    .selectAll()
    .orderBy('paid_at', 'desc')
    .orderBy('payment_hash', 'desc')
    .limit(args.limit + 1)
  if (args.status) q = q.where('status', '=', args.status)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (after)
    q = q.where((eb) =>
      eb.or([eb('paid_at', '<', after.paid_at), eb.and([eb('paid_at', '=', after.paid_at), eb('payment_hash', '<', after.hash)])]),
    )
  const rows = await q.execute()
  const more = rows.length > args.limit
  const page = more ? rows.slice(0, args.limit) : rows
  return { items: page.map(toUnattributed), next_cursor: more ? encode(page[page.length - 1]!) : null }
}

async function loadOpen(db: Kysely<Database>, hash: string): Promise<UnattributedPaymentsTable> {
  const row = await db.selectFrom('unattributed_payments').selectAll().where('payment_hash', '=', hash).executeTakeFirst()
  if (!row)
    throw new CommandError('not_found', `No unattributed payment with hash ${hash}.`, [
      { path: 'payment_hash', message: 'is not an unattributed payment' },
    ])
  if (row.status !== 'open')
    throw new CommandError(
      'conflict',
      `That payment is already ${row.status}${row.settlement_id ? ` (settlement ${row.settlement_id})` : ''}.`,
    )
  return row
}

/** The operator vouches for the sale: the payment becomes a cash-out settlement (no attestation, so the audit says who). */
export const attributePayment: Handler<'unattributed.attribute'> = async (args, env) => {
  const row = await loadOpen(env.db, args.payment_hash)
  if (row.amount_msat % 1000 !== 0)
    throw new CommandError(
      'conflict',
      `The payment is ${row.amount_msat} msat, not a whole number of sats: it cannot be a settlement. Dismiss it instead.`,
    )
  const machine = await loadMachine(env.db, row.machine_id)
  const dup = await activeSettlementForTxid(env.db, machine.id, args.txid)
  if (dup)
    throw new CommandError('conflict', `Machine "${machine.name}" already has a settlement for txid ${args.txid} (${dup.id}).`, [
      { path: 'txid', message: 'is already recorded for this machine' },
    ])
  const now = env.now()
  const settlement = newSettlementRow({
    id: env.newId(),
    now,
    machine,
    sup: await loadSuperConfig(env.db),
    sale: {
      source: 'lnbits',
      txid: args.txid,
      payment_hash: row.payment_hash,
      direction: 'cash_out',
      crypto_atoms: row.amount_msat / 1000,
      fiat_amount: args.fiat_amount,
      discount_bps: args.discount,
    },
  })
  await insertSettlement(env.db, settlement)
  const after: UnattributedPaymentsTable = {
    ...row,
    status: 'attributed',
    settlement_id: settlement.id,
    resolved_by: env.actor,
    reason: 'attributed by the operator',
    updated_at: now,
  }
  await env.db.updateTable('unattributed_payments').set(after).where('payment_hash', '=', row.payment_hash).execute()
  await env.audit({ entity: 'settlement', entity_id: settlement.id, before: null, after: toSettlement(settlement) })
  await env.audit({
    entity: 'unattributed_payment',
    entity_id: row.payment_hash,
    before: toUnattributed(row),
    after: toUnattributed(after),
  })
  env.emit({ name: 'settlements.changed', payload: { id: settlement.id, status: settlement.status } })
  env.emit({ name: 'unattributed.changed', payload: { payment_hash: row.payment_hash, status: after.status } })
  return toUnattributed(after)
}

export const dismissPayment: Handler<'unattributed.dismiss'> = async (args, env) => {
  const row = await loadOpen(env.db, args.payment_hash)
  const after: UnattributedPaymentsTable = {
    ...row,
    status: 'dismissed',
    resolved_by: env.actor,
    reason: args.reason,
    updated_at: env.now(),
  }
  await env.db.updateTable('unattributed_payments').set(after).where('payment_hash', '=', row.payment_hash).execute()
  await env.audit({
    entity: 'unattributed_payment',
    entity_id: row.payment_hash,
    before: toUnattributed(row),
    after: toUnattributed(after),
  })
  env.emit({ name: 'unattributed.changed', payload: { payment_hash: row.payment_hash, status: after.status } })
  return toUnattributed(after)
}

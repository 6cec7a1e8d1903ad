import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { UnattributedPaymentsTable } from '../ledger/schema'
import { encodeUnattributedCursor, loadOpenUnattributed, resolveUnattributed, unattributedPage } from './queries'
import { toUnattributed } from './view'
import { newSettlementRow } from '../settlement/settlement-row'
import { activeSettlementForTxid, insertSettlement } from '../settlement/queries'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { loadSuperConfig } from '../fees/queries'
import { toSettlement } from '../settlement/view'

export const listUnattributed: Handler<'unattributed.list'> = async (args, env) => {
  const rows = await unattributedPage(env.db, args)
  const more = rows.length > args.limit
  const page = more ? rows.slice(0, args.limit) : rows
  return { items: page.map(toUnattributed), next_cursor: more ? encodeUnattributedCursor(page[page.length - 1]!) : null }
}

/** The operator vouches for the sale: the payment becomes a cash-out settlement (no attestation, so the audit says who). */
export const attributePayment: Handler<'unattributed.attribute'> = async (args, env) => {
  const row = await loadOpenUnattributed(env.db, args.payment_hash)
  if (row.amount_msat % 1000 !== 0) throw refusal('conflict', 'ingestion.not_whole_sats', { msat: row.amount_msat })
  const machine = await loadMachine(env.db, row.machine_id)
  const dup = await activeSettlementForTxid(env.db, machine.id, args.txid)
  if (dup)
    throw refusal('conflict', 'ingestion.txid.recorded', { name: machine.name, txid: args.txid, id: dup.id }, [
      refusalIssue('txid', 'ingestion.txid.recorded.issue'),
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
  if (!(await resolveUnattributed(env.db, row.payment_hash, after))) throw refusal('conflict', 'ingestion.resolved_meanwhile')
  await env.audit({
    command: 'settlements.record',
    entity: 'settlement',
    entity_id: settlement.id,
    before: null,
    after: toSettlement(settlement),
  })
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
  const row = await loadOpenUnattributed(env.db, args.payment_hash)
  const after: UnattributedPaymentsTable = {
    ...row,
    status: 'dismissed',
    resolved_by: env.actor,
    reason: args.reason,
    updated_at: env.now(),
  }
  if (!(await resolveUnattributed(env.db, row.payment_hash, after))) throw refusal('conflict', 'ingestion.resolved_meanwhile')
  await env.audit({
    entity: 'unattributed_payment',
    entity_id: row.payment_hash,
    before: toUnattributed(row),
    after: toUnattributed(after),
  })
  env.emit({ name: 'unattributed.changed', payload: { payment_hash: row.payment_hash, status: after.status } })
  return toUnattributed(after)
}

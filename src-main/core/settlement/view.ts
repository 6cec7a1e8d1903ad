import { formatFraction } from '../../../src-shared/money/fraction'
import type { Leg, Settlement } from '../../../src-shared/domain/settlement'
import type { LegsTable, SettlementsTable } from '../ledger/schema'

/** Settlement and leg rows -> what the contract returns. Secrets never leave here in the clear. */

export function formatDiscount(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`
}

export function toSettlement(row: SettlementsTable): Settlement {
  return {
    id: row.id,
    machine_id: row.machine_id,
    source: row.source,
    txid: row.txid,
    payment_hash: row.payment_hash,
    direction: row.direction,
    crypto_atoms: row.crypto_atoms,
    fiat_amount: row.fiat_amount,
    fiat_code: row.fiat_code,
    super_fee_fraction: formatFraction(row.super_fee_parts),
    operator_fee_fraction: formatFraction(row.operator_fee_parts),
    discount: formatDiscount(row.discount_bps),
    base_sats: row.base_sats,
    commission_sats: row.commission_sats,
    dispensed_sats: row.dispensed_sats,
    dispensed_fiat: row.dispensed_fiat,
    held_sats: row.held_sats,
    status: row.status,
    error: row.error,
    rejection_reason: row.rejection_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
    completed_at: row.completed_at,
    void_reason: row.void_reason,
  }
}

export function toLeg(row: LegsTable): Leg {
  return {
    id: row.id,
    settlement_id: row.settlement_id,
    position: row.position,
    leg_type: row.leg_type,
    client_id: row.client_id,
    target: row.target,
    target_label: row.target_label,
    amount_sats: row.amount_sats,
    amount_fiat: row.amount_fiat,
    fiat_code: row.fiat_code,
    rate_sats: row.rate_sats,
    rate_fiat: row.rate_fiat,
    status: row.status,
    payment_hash: row.payment_hash,
    attempts: row.attempts,
    error: row.error,
    created_at: row.created_at,
    updated_at: row.updated_at,
    completed_at: row.completed_at,
  }
}

import type { LegsTable } from '../ledger/schema'

/** What a new leg must say; everything about its payment starts empty. */
export type NewLeg = Pick<
  LegsTable,
  | 'id'
  | 'settlement_id'
  | 'position'
  | 'leg_type'
  | 'client_id'
  | 'target'
  | 'target_kind'
  | 'target_enc'
  | 'target_label'
  | 'amount_sats'
  | 'amount_fiat'
  | 'fiat_code'
  | 'rate_sats'
  | 'rate_fiat'
  | 'funding_wallet_id'
>

/**
 * A leg row as first written: planned, or completed at once when it moves no money. Written field
 * by field, in the table's column order: a large cash-out makes thousands, and a spread with
 * fields added after it was a tenth of planning one (docs/performance.md).
 */
export function newLegRow(leg: NewLeg, now: string, completedNow = false): LegsTable {
  return {
    id: leg.id,
    settlement_id: leg.settlement_id,
    position: leg.position,
    leg_type: leg.leg_type,
    client_id: leg.client_id,
    target: leg.target,
    target_kind: leg.target_kind,
    target_enc: leg.target_enc,
    target_label: leg.target_label,
    amount_sats: leg.amount_sats,
    amount_fiat: leg.amount_fiat,
    fiat_code: leg.fiat_code,
    rate_sats: leg.rate_sats,
    rate_fiat: leg.rate_fiat,
    funding_wallet_id: leg.funding_wallet_id,
    status: completedNow ? 'completed' : 'planned',
    bolt11: null,
    payment_hash: null,
    attempts: 0,
    error: null,
    created_at: now,
    updated_at: now,
    in_flight_at: null,
    completed_at: completedNow ? now : null,
  }
}

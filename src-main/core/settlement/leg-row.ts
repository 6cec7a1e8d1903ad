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

/** A leg row as first written: planned, or completed at once when it moves no money. */
export function newLegRow(leg: NewLeg, now: string, completedNow = false): LegsTable {
  return {
    ...leg,
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

import { z } from 'zod'
import { idField } from '../contract/args'
import type { LegType } from './settlement'

export const VerifyCommissionsArgs = z.strictObject({ machine_id: idField.optional() })

/** A leg as far as its amounts go: what verification compares. */
export interface LegAmounts {
  leg_type: LegType
  client_id: string | null
  amount_sats: number
  amount_fiat: number | null
}

export interface PlannedAmounts {
  base_sats: number | null
  commission_sats: number | null
  legs: LegAmounts[]
}

export interface CommissionDifference {
  settlement_id: string
  machine_id: string
  txid: string
  status: string
  /** what differs, in words */
  reason: string
  stored: PlannedAmounts
  /** what the planner gives from the stored inputs (null when only the settlement's own columns could be checked) */
  recomputed: PlannedAmounts | null
}

export interface CommissionVerification {
  /** planned settlements looked at (pending, rejected and voided ones have no legs to check) */
  checked: number
  matching: number
  /** planned before their inputs were kept: checked on their own columns (base, commission, fee split, sums) */
  checked_on_columns: number
  differences: CommissionDifference[]
}

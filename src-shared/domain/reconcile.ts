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
  /** each LP's allocated fiat as the ledger keeps it, summed again from its legs */
  balances: { lps_checked: number; differences: BalanceDifference[] }
}

/** An LP whose kept sum of allocated fiat is not the sum of its legs: its balance would be wrong. */
export interface BalanceDifference {
  client_id: string
  name: string
  /** what lp_allocated holds, which every balance is computed from */
  kept_fiat: number
  /** the fiat of its non-voided dca and balance_settlement legs */
  legs_fiat: number
}

export const ReconcileRunArgs = z.strictObject({ wallet_id: idField.optional() })

export const FINDING_KINDS = [
  'leg_not_in_lnbits',
  'leg_amount_differs',
  'leg_paid_twice',
  'payment_for_unknown_leg',
  'leg_paid_but_not_completed',
  'money_left_unseen',
  'sale_not_in_lnbits',
  'payment_not_ingested',
  'in_flight',
  'balance_unexplained',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/** One thing reconciliation found: what, why it matters, and what to do. */
export interface ReconcileFinding {
  kind: FindingKind
  /** a mismatch needs the operator; an info (a leg still in flight) says how it stands */
  severity: 'mismatch' | 'info'
  message: string
  action: string
  payment_hash: string | null
  leg_id: string | null
  settlement_id: string | null
  amount_msat: number | null
}

/** Where a wallet's balance comes from, by LNbits' own payments (msat). */
export interface WalletBalanceExplained {
  sales_in_msat: number
  other_in_msat: number
  legs_out_msat: number
  cash_ins_out_msat: number
  other_out_msat: number
  /** outgoing payments still pending: LNbits holds their amount back already */
  pending_out_msat: number
  fees_msat: number
  /** what those add up to, and what LNbits says the balance is */
  expected_msat: number
  balance_msat: number
}

export interface WalletReconciliation {
  wallet_id: string
  machine_id: string | null
  label: string
  /** set when LNbits could not be read: nothing was judged for this wallet */
  error: string | null
  payments_read: number
  legs_checked: number
  balance: WalletBalanceExplained | null
  findings: ReconcileFinding[]
}

export interface ReconcileReport {
  id: string
  created_at: string
  actor: string
  /** no mismatch in any wallet, and every wallet read */
  ok: boolean
  wallets: WalletReconciliation[]
}

export const ReconcileListArgs = z.strictObject({ limit: z.number().int().min(1).max(100).default(10) })

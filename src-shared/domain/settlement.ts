import { z } from 'zod'
import { fiatMinorField, idField, instantField, integerField, pageArgs, percentField, satsField, textField } from '../contract/args'

export const SETTLEMENT_STATUSES = ['pending', 'processing', 'completed', 'errored', 'rejected', 'voided'] as const
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number]
/** A leg's target when its sats stay in the machine's own wallet (the operator's principal, a commission kept). */
export const MACHINE_WALLET = 'machine_wallet'

export const LEG_TYPES = ['super_fee', 'operator_split', 'dca', 'operator_principal', 'retained', 'balance_settlement'] as const
export type LegType = (typeof LEG_TYPES)[number]
export const LEG_STATUSES = ['planned', 'in_flight', 'completed', 'failed', 'voided'] as const
export type LegStatus = (typeof LEG_STATUSES)[number]
export type Direction = 'cash_out' | 'cash_in'

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')

export const SettlementRecordArgs = z.strictObject({
  machine_id: idField,
  txid: textField({ min: 1, max: 128 }),
  direction: z.enum(['cash_out', 'cash_in'], { error: "must be 'cash_out' or 'cash_in'" }),
  crypto_atoms: satsField,
  fiat_amount: fiatMinorField(0),
  /** percent, 0-100, at most 2 decimals */
  discount: percentField.default(0),
  payment_hash: HEX64.optional(),
})

/** What narrows a list of settlements; the same filter gives its totals. */
const settlementFilter = {
  machine_id: idField.optional(),
  status: z.enum(SETTLEMENT_STATUSES).optional(),
  direction: z.enum(['cash_out', 'cash_in']).optional(),
  /** part of a txid or a payment hash, or of the name of an LP the settlement pays (any case) */
  q: textField({ min: 1, max: 200 }).optional(),
  /** recorded at or after this moment */
  from: instantField.optional(),
  /** recorded before this moment */
  to: instantField.optional(),
}
export const SettlementListArgs = z.strictObject({ ...pageArgs, ...settlementFilter })
export const SettlementTotalsArgs = z.strictObject(settlementFilter)

/** How many settlements a filter takes, and what they add up to, per currency (amounts of two currencies never add). */
export interface SettlementTotals {
  count: number
  crypto_atoms: number
  by_currency: { fiat_code: string; count: number; fiat_amount: number }[]
}
export const SettlementIdArgs = z.strictObject({ settlement_id: idField })
export const SettlementProcessArgs = z.strictObject({
  /** one settlement; omitted: every pending one, oldest first, up to `limit` */
  settlement_id: idField.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
})
export const SettlementNoteArgs = z.strictObject({ settlement_id: idField, note: textField({ min: 1, max: 2000, multiline: true }) })
export const SettlementForceResetArgs = z.strictObject({
  settlement_id: idField,
  threshold_minutes: integerField({ min: 1, max: 525_600, what: 'minutes' }).default(30),
})
export const SettlementStuckArgs = z.strictObject({
  threshold_minutes: integerField({ min: 1, max: 525_600, what: 'minutes' }).default(30),
})
export const SettlementPartialDispenseArgs = z.strictObject({
  settlement_id: idField,
  /** exactly one of these two */
  dispensed_fraction: z
    .string()
    .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a decimal string from 0 to 1 with at most 4 decimals')
    .optional(),
  dispensed_sats: integerField({ min: 0, max: 2_100_000_000_000_000, what: 'sats' }).optional(),
  note: textField({ min: 1, max: 2000, multiline: true }).optional(),
})
/** Nothing dispensed, or the customer refunded: the settlement pays nothing, ever. */
export const SettlementVoidArgs = z.strictObject({ settlement_id: idField, reason: textField({ min: 1, max: 2000, multiline: true }) })
/** What narrows a list of payments (legs); the same filter gives its totals. */
const paymentFilter = {
  leg_type: z.enum(LEG_TYPES).optional(),
  status: z.enum(LEG_STATUSES).optional(),
  settlement_id: idField.optional(),
  client_id: idField.optional(),
  /** the machine of the settlement the leg belongs to */
  machine_id: idField.optional(),
  /** part of a payment hash, of whom it is paid to, or of an LP's name (any case) */
  q: textField({ min: 1, max: 200 }).optional(),
  /** planned at or after this moment */
  from: instantField.optional(),
  /** planned before this moment */
  to: instantField.optional(),
}
export const PaymentListArgs = z.strictObject({ ...pageArgs, ...paymentFilter })
export const PaymentTotalsArgs = z.strictObject(paymentFilter)

/** How many payments a filter takes, and their sats. */
export interface PaymentTotals {
  count: number
  amount_sats: number
}

export interface Leg {
  id: string
  settlement_id: string | null
  position: number
  leg_type: LegType
  client_id: string | null
  target: string
  target_label: string
  amount_sats: number
  amount_fiat: number | null
  fiat_code: string | null
  /** cost basis: rate_sats sats for rate_fiat fiat minor units */
  rate_sats: number | null
  rate_fiat: number | null
  status: LegStatus
  payment_hash: string | null
  attempts: number
  error: string | null
  created_at: string
  updated_at: string
  completed_at: string | null
}

/** A leg as the planner proposes it (nothing persisted). */
export interface PlannedLeg {
  leg_type: LegType
  client_id: string | null
  target: string
  target_label: string
  amount_sats: number
  amount_fiat: number | null
}

export interface SettlementNote {
  author: string
  note: string
  created_at: string
}

export interface Settlement {
  id: string
  machine_id: string
  source: 'lnbits' | 'manual'
  txid: string
  payment_hash: string | null
  direction: Direction
  crypto_atoms: number
  fiat_amount: number
  fiat_code: string
  super_fee_fraction: string
  operator_fee_fraction: string
  discount: string
  base_sats: number | null
  commission_sats: number | null
  dispensed_sats: number | null
  dispensed_fiat: number | null
  held_sats: number
  status: SettlementStatus
  error: string | null
  rejection_reason: string | null
  created_at: string
  updated_at: string
  completed_at: string | null
  /** why it was voided; set when status is voided */
  void_reason: string | null
}

export interface SettlementDetail extends Settlement {
  legs: Leg[]
  notes: SettlementNote[]
}

export interface SettlementPreview {
  settlement_id: string
  base_sats: number
  commission_sats: number
  legs: PlannedLeg[]
  /** sum of the legs: crypto_atoms (or dispensed sats) for cash_out, the commission for cash_in */
  total_sats: number
}

export interface StuckSettlements {
  threshold_minutes: number
  rejected: Settlement[]
  errored: Settlement[]
  stuck_pending: Settlement[]
  stuck_processing: Settlement[]
}

export interface ProcessResult {
  processed: { settlement_id: string; status: SettlementStatus; error: string | null }[]
  /** pending settlements left as they are, and why (their machine has no wallet to pay from) */
  waiting: { settlement_id: string; reason: string }[]
}

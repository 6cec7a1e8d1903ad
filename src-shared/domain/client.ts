import { z } from 'zod'
import { fiatMinorField, idField, instantField, pageArgs, pubkeyField, textField } from '../contract/args'
import { parseDestination, type DestinationKind } from './destination'

export const destinationField = z.unknown().transform((value, ctx) => {
  const r = parseDestination(value)
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason })
    return z.NEVER
  }
  return { kind: r.kind, value: r.value }
})

export const clientFields = {
  name: textField({ min: 1, max: 80 }),
  payout_destination: destinationField,
  pubkey: pubkeyField,
}

export const ClientCreateArgs = z.strictObject({
  machine_id: idField,
  name: clientFields.name,
  /** optional: an LP without one is not onboarded and cannot receive deposits */
  payout_destination: clientFields.payout_destination.optional(),
  pubkey: clientFields.pubkey.optional(),
})

export const ClientUpdateArgs = z.strictObject({
  id: idField,
  name: clientFields.name.optional(),
  /** null removes the destination (only while the LP has no remaining balance) */
  payout_destination: clientFields.payout_destination.nullable().optional(),
  pubkey: clientFields.pubkey.nullable().optional(),
  status: z.enum(['active', 'inactive'], { error: "must be 'active' or 'inactive'" }).optional(),
})

export const ClientListArgs = z.strictObject({ ...pageArgs, machine_id: idField.optional() })
export const ClientIdArgs = z.strictObject({ id: idField })

export const ClientSettleArgs = z.strictObject({
  id: idField,
  /** fiat minor units to settle; default (and at most): all that remains */
  amount_fiat: fiatMinorField(1).optional(),
  /** the operator's rate: sats per whole fiat unit, a decimal string with at most 4 decimals, e.g. "1250" or "0.6667" */
  sats_per_fiat_unit: z
    .string({ error: 'must be a decimal string such as "1250"' })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a decimal string such as "1250", at most 4 decimals'),
  funding_wallet_id: idField,
})

export interface Client {
  id: string
  machine_id: string
  name: string
  pubkey: string | null
  /** safe to show: a Lightning address or LNURL in full, an invoice key only as its ends */
  payout_destination: string | null
  destination_kind: DestinationKind | null
  /** has a well-formed payout destination: takes deposits, even offline */
  onboarded: boolean
  /**
   * What the last live check of the destination found: `verified` (it works), `unchecked` (not
   * checked yet, or changed since), `failed` (nothing is paid to it until it is fixed or verifies)
   */
  destination_check: 'verified' | 'unchecked' | 'failed' | null
  /** why the last check failed */
  destination_check_error: string | null
  /** when the destination was last found working; null if never, or changed since */
  destination_verified_at: string | null
  destination_checked_at: string | null
  status: 'active' | 'inactive'
  created_at: string
  updated_at: string
}

export interface ClientBalance {
  client_id: string
  fiat_code: string
  /** fiat minor units */
  confirmed_deposits: number
  dca_received_sats: number
  dca_received_fiat: number
  /** allocated to legs not yet paid (planned or in flight) */
  dca_pending_fiat: number
  settled_sats: number
  settled_fiat: number
  remaining_fiat: number
  /** fiat minor units per whole bitcoin paid on average, or null before any DCA */
  avg_cost_per_btc: number | null
}

export const ClientStatementArgs = z
  .strictObject({ id: idField, from: instantField.optional(), to: instantField.optional() })
  .refine((a) => !a.from || !a.to || a.from < a.to, { message: 'must be after from', path: ['to'] })

export interface StatementEntry {
  /** when it counted: a deposit when confirmed (its reversal when reversed), a payment when planned and when paid */
  at: string
  kind: 'deposit' | 'deposit_reversed' | 'dca' | 'balance_settlement'
  /** what it did to the remaining balance, in fiat minor units (+ a deposit, - what was bought) */
  fiat: number
  /** sats received (0 for deposits) */
  sats: number
  /** the leg's status for a payment (completed, or still on its way); null for a deposit */
  status: string | null
  /** fiat minor units per whole bitcoin for this payment, rounded half up */
  price_per_btc: number | null
  deposit_id: string | null
  leg_id: string | null
  settlement_id: string | null
  txid: string | null
  payment_hash: string | null
  remaining_after: number
}

export interface ClientStatement {
  client: { id: string; name: string; machine_id: string; machine_name: string }
  fiat_code: string
  from: string | null
  to: string | null
  opening_remaining: number
  entries: StatementEntry[]
  totals: { deposits: number; reversed: number; dca_fiat: number; dca_sats: number; settled_fiat: number; settled_sats: number }
  closing_remaining: number
  /** over the period's payments: fiat minor units per whole bitcoin, or null without any */
  avg_price_per_btc: number | null
  generated_at: string
}

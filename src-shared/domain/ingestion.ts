import { z } from 'zod'
import { fiatMinorField, idField, pageArgs, percentField, satsField, textField } from '../contract/args'
import type { ProcessResult } from './settlement'

/**
 * The ATM's transaction attestation (docs/wire-formats.md#transaction-attestation): a signed Nostr event, never published,
 * carried in the machine-wallet payment's `extra.satmachine`.
 */
export const ATTESTATION_EXTRA_KEY = 'satmachine'

/** The attestation's plaintext content. Unknown fields are tolerated: a newer ATM may add some. */
export const AttestationContent = z.object({
  v: z.literal(1, { error: 'must be 1' }),
  txid: z.string({ error: 'is required' }).min(1, 'is required').max(128, 'is too long'),
  direction: z.enum(['cash_out', 'cash_in'], { error: "must be 'cash_out' or 'cash_in'" }),
  crypto_atoms: satsField,
  /** fiat minor units (centavos) */
  fiat_amount: fiatMinorField(0),
  fiat_code: z.string({ error: 'is required' }).regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  /** percent, 0-100 (number or decimal string) */
  discount: percentField.default(0),
})
export type AttestationContentIn = z.input<typeof AttestationContent>

export const SyncRunArgs = z.strictObject({
  /** one machine wallet; omitted: every bound machine wallet */
  wallet_id: idField.optional(),
  /** also pay pending settlements after ingesting (default) */
  process: z.boolean({ error: 'must be true or false' }).default(true),
})
export const SyncStatusArgs = z.strictObject({})

export const UNATTRIBUTED_STATUSES = ['open', 'attributed', 'dismissed'] as const
export type UnattributedStatus = (typeof UNATTRIBUTED_STATUSES)[number]

export const UnattributedListArgs = z.strictObject({
  ...pageArgs,
  status: z.enum(UNATTRIBUTED_STATUSES).optional(),
  machine_id: idField.optional(),
})
const HASH = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be a payment hash (64 hex characters)')
/** The operator says which sale an unattested payment was: it becomes a cash-out settlement. */
export const UnattributedAttributeArgs = z.strictObject({
  payment_hash: HASH,
  txid: textField({ min: 1, max: 128 }),
  fiat_amount: fiatMinorField(0),
  discount: percentField.default(0),
})
export const UnattributedDismissArgs = z.strictObject({ payment_hash: HASH, reason: textField({ min: 1, max: 500, multiline: true }) })

export interface UnattributedPayment {
  /** the payment hash (lists key rows by id) */
  id: string
  payment_hash: string
  wallet_id: string
  machine_id: string
  amount_msat: number
  memo: string
  /** LNbits' time of the payment (ISO) */
  paid_at: string
  status: UnattributedStatus
  settlement_id: string | null
  resolved_by: string | null
  reason: string | null
  created_at: string
  updated_at: string
}

/** One machine wallet's round of ingestion. */
export interface WalletIngestion {
  wallet_id: string
  machine_id: string
  /** successful payments LNbits listed in the windows (incoming and outgoing) */
  fetched: number
  /** new settlements from valid attestations */
  settlements: number
  rejected: number
  unattributed: number
  /** already known (a repeated delivery): nothing written */
  duplicates: number
  /** outgoing payments with no attestation (the app's own payouts, anything else the wallet paid): not sales, left alone */
  ignored: number
  /** set when the round stopped early; the cursor did not move past what was not read */
  error: string | null
}

export interface SyncResult {
  /** the processing switch is off: no ingestion, no payouts (the outbox still went out) */
  paused: boolean
  /** the data key is locked: no ingestion, no payouts, no destination checks until it is unlocked */
  secrets_locked: boolean
  wallets: WalletIngestion[]
  /** null when `process` was false */
  processed: ProcessResult['processed'] | null
  /** what came in from the relays (ATM cassette states, the platform's super config) */
  inbox: { applied: number; rejected: number; ignored: number; errors: string[] }
  /** what the outbox did this round */
  outbox: { signed: number; delivered: number; waiting: number; signer_error: string | null }
  /** LP destinations checked live this round (null while paused) */
  destinations: DestinationCheckRound | null
  /**
   * the audit chain's head: queued for the relays this round; held (not signed or sent: the relays
   * could not all be read, or the chain lost a head it reached); the newest the relays hold, or
   * the one read last when they cannot be read now (null: none yet)
   */
  audit_head: { queued: boolean; held: boolean; seq: number | null; errors: string[] }
  /** alerts this round raised, and brought back to normal */
  alerts: { raised: number; cleared: number }
}

export interface DestinationCheckRound {
  checked: number
  verified: number
  failed: number
  /** a destination could not be reached: the round stopped checking */
  offline: boolean
}

export interface WalletSyncStatus {
  wallet_id: string
  machine_id: string
  label: string
  /** ISO time: payments LNbits timed before it are all ingested */
  after: string | null
  last_success_at: string | null
  last_error: string | null
  last_error_at: string | null
  payments_seen: number
}

export interface SyncStatus {
  paused: boolean
  wallets: WalletSyncStatus[]
  open_unattributed: number
  rejected: number
}

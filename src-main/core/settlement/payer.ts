import type { LegType } from '../../../src-shared/domain/settlement'

/** What a payer needs to know about a leg. */
export interface LegToPay {
  id: string
  settlement_id: string | null
  machine_id: string | null
  leg_type: LegType
  client_id: string | null
  /** display form, for messages */
  target: string
  /** the full destination (decrypted), or null for the machine wallet / none set */
  destination: { kind: 'lightning_address' | 'lnurl' | 'lnbits_invoice_key'; value: string } | null
  amount_sats: number
  funding_wallet_id: string | null
}

export type PayOutcome = { status: 'completed' } | { status: 'failed'; reason: string }

/** What the Lightning side knows of a payment hash. `unknown`: it never saw a payment for it. */
export type HashStatus = { status: 'completed' } | { status: 'failed'; reason: string } | { status: 'pending' } | { status: 'unknown' }

/**
 * How the engine moves money (the LNbits payer implements it; tests use a fake world).
 * createInvoice moves nothing. pay resolves only with an outcome the Lightning side reported;
 * when the outcome is not known (timeout, connection lost) it must reject, and the engine
 * then leaves the leg in flight and asks `status` before anything else next time.
 */
export interface Payer {
  /** null when legs of this machine can be paid; otherwise what the operator must set up first */
  readiness(machineId: string): Promise<string | null>
  createInvoice(leg: LegToPay): Promise<{ bolt11: string; payment_hash: string }>
  pay(leg: LegToPay, bolt11: string, payment_hash: string): Promise<PayOutcome>
  status(leg: LegToPay, payment_hash: string): Promise<HashStatus>
}

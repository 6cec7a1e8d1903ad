import type { Event } from 'nostr-tools/pure'
import { verifySignedEvent } from '../nostr/verify-event'
import { z } from 'zod'
import { ATTESTATION_EXTRA_KEY, AttestationContent } from '../../../src-shared/domain/ingestion'
import { APP_EVENT_KIND, attestationDTag } from '../../../src-shared/nostr/kinds'
import { shortNpub } from '../../../src-shared/nostr/pubkey'

/** A sale as a valid attestation states it. */
export interface AttestedSale {
  txid: string
  direction: 'cash_out' | 'cash_in'
  crypto_atoms: number
  fiat_amount: number
  fiat_code: string
  discount_bps: number
}

export type AttestationCheck =
  | { kind: 'none' }
  | { kind: 'valid'; sale: AttestedSale; event: Event }
  /** `claimed` holds what could be read of the sale, for the rejected settlement's record */
  | { kind: 'invalid'; reason: string; claimed: Partial<AttestedSale>; raw: unknown }

export interface PaymentFacts {
  payment_hash: string
  /** positive for an incoming payment (a cash-out), negative for an outgoing one (a cash-in) */
  amount_msat: number
}

export interface MachineFacts {
  /** canonical hex */
  pubkey: string
  fiat_code: string
  /** the operator's pubkey (hex) once a signer is set up; the p tag is checked against it */
  operator_pubkey: string | null
}

/** True when a payment's extra holds something in the attestation's place (valid or not: that is for the check). */
export const carriesAttestation = (extra: Record<string, unknown>): boolean =>
  extra[ATTESTATION_EXTRA_KEY] !== undefined && extra[ATTESTATION_EXTRA_KEY] !== null

const HEX = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`))
const SignedEvent = z.object({
  id: HEX(64),
  pubkey: HEX(64),
  sig: HEX(128),
  kind: z.number().int().nonnegative(),
  created_at: z.number().int().nonnegative(),
  tags: z.array(z.array(z.string())),
  content: z.string(),
})

const tagValue = (event: Event, name: string) => event.tags.find((t) => t[0] === name)?.[1]
const isHex64 = (v: string | undefined): v is string => v !== undefined && /^[0-9a-f]{64}$/.test(v)

/**
 * Checks a payment's attestation (docs/wire-formats.md#transaction-attestation): a signed event by the machine, whose
 * payment_hash tag and crypto_atoms match the payment. Also refused: content that is not the
 * v1 shape, a d tag that names another txid, a direction other than the payment's (an incoming
 * payment is a cash_out, an outgoing one a cash_in), a fiat code other than the machine's, and a
 * p tag naming another operator.
 */
export function checkAttestation(extra: Record<string, unknown>, payment: PaymentFacts, machine: MachineFacts): AttestationCheck {
  if (!carriesAttestation(extra)) return { kind: 'none' }
  let raw = extra[ATTESTATION_EXTRA_KEY]
  const invalid = (reason: string, claimed: Partial<AttestedSale> = {}): AttestationCheck => ({ kind: 'invalid', reason, claimed, raw })
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw)
    } catch {
      return invalid('the attestation is not JSON')
    }
  }
  const shape = SignedEvent.safeParse(raw)
  if (!shape.success) return invalid('the attestation is not a signed Nostr event')
  const event = shape.data as Event
  if (!verifySignedEvent(event)) return invalid('the attestation signature does not verify (altered or forged)')
  if (event.kind !== APP_EVENT_KIND) return invalid(`not a SatMachine attestation (kind ${event.kind}, expected ${APP_EVENT_KIND})`)

  let content: z.infer<typeof AttestationContent>
  try {
    const parsed = AttestationContent.safeParse(JSON.parse(event.content))
    if (!parsed.success)
      return invalid(
        `the attestation content is not a v1 sale (${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')})`,
      )
    content = parsed.data
  } catch {
    return invalid('the attestation content is not JSON')
  }
  const claimed: AttestedSale = {
    txid: content.txid,
    direction: content.direction,
    crypto_atoms: content.crypto_atoms,
    fiat_amount: content.fiat_amount,
    fiat_code: content.fiat_code,
    discount_bps: content.discount,
  }
  if (event.pubkey !== machine.pubkey)
    return invalid(`signed by ${shortNpub(event.pubkey)}, not by this machine (${shortNpub(machine.pubkey)})`, claimed)
  if (tagValue(event, 'd') !== attestationDTag(content.txid)) return invalid(`the d tag does not name txid ${content.txid}`, claimed)
  const hash = tagValue(event, 'payment_hash')
  if (hash !== payment.payment_hash)
    return invalid(
      `attests payment ${hash ? hash.slice(0, 12) + '…' : '(none)'}, not this payment ${payment.payment_hash.slice(0, 12)}…`,
      claimed,
    )
  const outgoing = payment.amount_msat < 0
  if (content.crypto_atoms * 1000 !== Math.abs(payment.amount_msat)) {
    const moved = `${outgoing ? 'sent' : 'brought'} ${formatMsat(Math.abs(payment.amount_msat))}`
    return invalid(`attests ${content.crypto_atoms} sats but the payment ${moved}`, claimed)
  }
  if (content.direction !== (outgoing ? 'cash_in' : 'cash_out'))
    return invalid(
      outgoing
        ? 'attests a cash_out sale, but this is an outgoing payment (a cash-in)'
        : 'attests a cash_in sale, but this is an incoming payment (a cash-out)',
      claimed,
    )
  if (content.fiat_code !== machine.fiat_code)
    return invalid(`attests ${content.fiat_code}, but this machine settles in ${machine.fiat_code}`, claimed)
  const p = tagValue(event, 'p')
  if (!p) return invalid('the attestation names no operator (p tag)', claimed)
  if (!isHex64(p)) return invalid('the p tag is not a public key in hex', claimed)
  if (machine.operator_pubkey && p !== machine.operator_pubkey) return invalid(`addressed to another operator (${shortNpub(p)})`, claimed)
  return { kind: 'valid', sale: claimed, event }
}

function formatMsat(msat: number): string {
  return msat % 1000 === 0 ? `${msat / 1000} sats` : `${msat} msat`
}

/** The check of one listed payment; it never throws: a check that fails is a rejection, with the reason. */
export function checkPaymentAttestation(payment: PaymentFacts & { extra: Record<string, unknown> }, facts: MachineFacts): AttestationCheck {
  try {
    return checkAttestation(payment.extra, payment, facts)
  } catch (e) {
    return {
      kind: 'invalid',
      reason: `the attestation could not be checked (${(e as Error).message})`,
      claimed: {},
      raw: payment.extra[ATTESTATION_EXTRA_KEY],
    }
  }
}

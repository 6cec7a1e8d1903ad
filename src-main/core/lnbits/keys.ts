import { CommandError } from '../../../src-shared/contract/errors'
import { english } from '../../../src-shared/messages'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { LnbitsClient } from './client'
import { LnbitsError } from './errors'

/** What a key pair turned out to be, checked against LNbits itself. */
export interface KeyProbe {
  reachable: boolean
  invoice_key_ok: boolean
  admin_key_ok: boolean
  same_wallet: boolean
  wallet_id: string | null
  balance_msat: number | null
  error: string | null
  /** which of KEY_ERRORS `error` is when the app said it; null when LNbits did (its own words) */
  error_said: keyof typeof KEY_ERRORS | null
}

/** What a probe says itself about a key pair that does not pass, by message id. */
const KEY_ERRORS = {
  admin_is_invoice: 'wallets.keys.admin_is_invoice',
  different_wallets: 'wallets.keys.different_wallets',
} as const

/**
 * Checks an invoice key and an admin key: LNbits answers the wallet's id only to an admin
 * key, and shows a payment's details only to its own wallet, so a 1-sat invoice made with
 * the invoice key proves both keys open the same wallet. Nothing is paid.
 */
export async function probeKeys(client: LnbitsClient, invoiceKey: string, adminKey: string): Promise<KeyProbe> {
  const probe: KeyProbe = {
    reachable: true,
    invoice_key_ok: false,
    admin_key_ok: false,
    same_wallet: false,
    wallet_id: null,
    balance_msat: null,
    error: null,
    error_said: null,
  }
  const said = (what: keyof typeof KEY_ERRORS) => {
    probe.error = english(KEY_ERRORS[what])
    probe.error_said = what
  }
  try {
    const admin = await client.wallet(adminKey)
    probe.admin_key_ok = admin.id !== null
    probe.wallet_id = admin.id
    probe.balance_msat = admin.balance_msat
    if (!probe.admin_key_ok) said('admin_is_invoice')
    await client.wallet(invoiceKey)
    probe.invoice_key_ok = true
    if (probe.admin_key_ok) {
      const invoice = await client.createInvoice(invoiceKey, { amount_sats: 1, memo: 'SatMachine Operator key check (never paid)' })
      probe.same_wallet = await client.ownsPayment(adminKey, invoice.payment_hash)
      if (!probe.same_wallet) said('different_wallets')
    }
  } catch (e) {
    if (!(e instanceof LnbitsError)) throw e
    probe.reachable = e.kind !== 'unreachable' && e.kind !== 'timeout'
    probe.error = e.message
    probe.error_said = null
  }
  return probe
}

/** A probe that does not pass becomes a refusal naming what is wrong. */
export function requireGoodKeys(probe: KeyProbe): string {
  if (probe.reachable && probe.admin_key_ok && probe.invoice_key_ok && probe.same_wallet && probe.wallet_id) return probe.wallet_id
  const code = probe.reachable ? 'invalid_args' : 'unavailable'
  const issues = [
    ...(!probe.admin_key_ok && probe.reachable ? [refusalIssue('admin_key', 'wallets.keys.not_admin.issue')] : []),
    ...(!probe.invoice_key_ok && probe.reachable ? [refusalIssue('invoice_key', 'wallets.keys.unknown.issue')] : []),
    ...(probe.admin_key_ok && probe.invoice_key_ok && !probe.same_wallet
      ? [refusalIssue('invoice_key', 'wallets.keys.other_wallet.issue')]
      : []),
  ]
  const given = issues.length ? issues : undefined
  if (probe.error === null) throw refusal(code, 'wallets.keys.unchecked', undefined, given)
  if (probe.error_said) throw refusal(code, KEY_ERRORS[probe.error_said], undefined, given)
  // LNbits' own words (or why it could not be reached): said as they came
  throw new CommandError(code, probe.error, given)
}

export function keyPreview(key: string): string {
  return `…${key.slice(-4)}`
}

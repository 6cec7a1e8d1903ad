import { CommandError } from '../../../src-shared/contract/errors'
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
}

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
  }
  try {
    const admin = await client.wallet(adminKey)
    probe.admin_key_ok = admin.id !== null
    probe.wallet_id = admin.id
    probe.balance_msat = admin.balance_msat
    if (!probe.admin_key_ok) probe.error = "The admin key is an invoice key: paste the wallet's admin key."
    await client.wallet(invoiceKey)
    probe.invoice_key_ok = true
    if (probe.admin_key_ok) {
      const invoice = await client.createInvoice(invoiceKey, { amount_sats: 1, memo: 'SatMachine Operator key check (never paid)' })
      probe.same_wallet = await client.ownsPayment(adminKey, invoice.payment_hash)
      if (!probe.same_wallet) probe.error = 'The two keys belong to different LNbits wallets.'
    }
  } catch (e) {
    if (!(e instanceof LnbitsError)) throw e
    probe.reachable = e.kind !== 'unreachable' && e.kind !== 'timeout'
    probe.error = e.message
  }
  return probe
}

/** A probe that does not pass becomes a refusal naming what is wrong. */
export function requireGoodKeys(probe: KeyProbe): string {
  if (probe.reachable && probe.admin_key_ok && probe.invoice_key_ok && probe.same_wallet && probe.wallet_id) return probe.wallet_id
  const code = probe.reachable ? 'invalid_args' : 'unavailable'
  const issues = [
    ...(!probe.admin_key_ok && probe.reachable ? [{ path: 'admin_key', message: 'is not an admin key of this LNbits' }] : []),
    ...(!probe.invoice_key_ok && probe.reachable ? [{ path: 'invoice_key', message: 'is not a key of this LNbits' }] : []),
    ...(probe.admin_key_ok && probe.invoice_key_ok && !probe.same_wallet
      ? [{ path: 'invoice_key', message: 'belongs to another wallet than the admin key' }]
      : []),
  ]
  throw new CommandError(code, probe.error ?? 'The keys could not be checked.', issues.length ? issues : undefined)
}

export function keyPreview(key: string): string {
  return `…${key.slice(-4)}`
}

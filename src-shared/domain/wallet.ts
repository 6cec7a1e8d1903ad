import { z } from 'zod'
import { idField, textField } from '../contract/args'

const KEY = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{32}$/, 'must be an LNbits API key (32 hex characters)')

/** http(s)://host[:port][/path], no credentials (src-shared has no URL class: the DOM and Node each bring their own). */
const LNBITS_URL = /^https?:\/\/(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?(\/[^\s?#@]*)?$/i

export const lnbitsUrlField = z
  .string({ error: 'is required' })
  .trim()
  .regex(LNBITS_URL, 'must be the LNbits address, e.g. https://lnbits.example.com')
  .transform((s) => s.replace(/\/+$/, ''))

/** This computer or a Tor address: where plain http does not expose the keys on a network. */
export function isLoopbackOrOnion(url: string): boolean {
  const host = LNBITS_URL.exec(url)?.[1]?.toLowerCase() ?? ''
  return host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]' || host.endsWith('.onion')
}

/** Plain http to another host: every request carries the wallet's keys unencrypted on the network. */
export const isPlainHttpOnNetwork = (url: string): boolean => /^http:\/\//i.test(url) && !isLoopbackOrOnion(url)

export const WalletBindArgs = z
  .strictObject({
    role: z.enum(['machine', 'funding'], { error: "must be 'machine' or 'funding'" }),
    /** required for role machine: the wallet the ATM's sales land in */
    machine_id: idField.optional(),
    label: textField({ min: 0, max: 80 }).default(''),
    lnbits_url: lnbitsUrlField,
    invoice_key: KEY,
    admin_key: KEY,
    /** the operator's explicit yes to plain http on a LAN they trust (the keys travel unencrypted) */
    allow_plain_http: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .refine((a) => (a.role === 'machine') === (a.machine_id !== undefined), {
    message: 'is required for a machine wallet, and only for one',
    path: ['machine_id'],
  })
  .refine((a) => a.allow_plain_http || !isPlainHttpOnNetwork(a.lnbits_url), {
    message:
      'must be https: every request carries the wallet keys. Plain http is only for this computer or a .onion address, or, on a network you trust, with allow_plain_http',
    path: ['lnbits_url'],
  })

export const WalletListArgs = z.strictObject({ role: z.enum(['machine', 'funding']).optional(), machine_id: idField.optional() })
export const WalletIdArgs = z.strictObject({ id: idField })
/** A key reset in LNbits replaces both keys of the wallet: give both then; one is fine when only one leaked. */
export const WalletRotateArgs = z
  .strictObject({ id: idField, invoice_key: KEY.optional(), admin_key: KEY.optional() })
  .refine((a) => a.invoice_key !== undefined || a.admin_key !== undefined, {
    message: 'give the new invoice key, the new admin key, or both',
    path: ['admin_key'],
  })

export interface WalletBinding {
  id: string
  role: 'machine' | 'funding'
  machine_id: string | null
  label: string
  lnbits_url: string
  lnbits_wallet_id: string
  /** the keys themselves never leave the core */
  invoice_key_preview: string
  admin_key_preview: string
  last_test_at: string | null
  last_test_ok: boolean | null
  last_test_error: string | null
  created_at: string
  updated_at: string
}

export interface WalletTest {
  id: string
  ok: boolean
  reachable: boolean
  invoice_key_ok: boolean
  admin_key_ok: boolean
  /** both keys open the same LNbits wallet */
  same_wallet: boolean
  balance_msat: number | null
  error: string | null
}

import { bech32 } from '@scure/base'

/**
 * Where an LP's or a split target's sats go (docs/lnbits.md#what-the-app-uses-lnbits-for): a Lightning address, an LNURL-pay,
 * or an LNbits invoice key on the operator's instance. This checks the form only; checking
 * it live (resolving, creating a test invoice) is destinations.verify.
 */
export type DestinationKind = 'lightning_address' | 'lnurl' | 'lnbits_invoice_key'

export type DestinationParse = { ok: true; kind: DestinationKind; value: string } | { ok: false; reason: string }

// name@domain.tld, or name@host:port on this computer (a local LNbits, served over http)
const LIGHTNING_ADDRESS = /^[a-z0-9._+-]+@([a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}|(localhost|127(\.\d{1,3}){3})(:\d{1,5})?)$/
const INVOICE_KEY = /^[0-9a-f]{32}$/
const LNURLP = /^lnurlp:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/[\x21-\x7e]*)?$/

export function parseDestination(input: unknown): DestinationParse {
  if (typeof input !== 'string' || input.trim() === '')
    return { ok: false, reason: 'is required (a Lightning address, an LNURL, or an LNbits invoice key)' }
  const s = input.trim()
  const lower = s.toLowerCase()
  if (lower.includes('@')) {
    return LIGHTNING_ADDRESS.test(lower)
      ? { ok: true, kind: 'lightning_address', value: lower }
      : { ok: false, reason: 'is not a valid Lightning address (name@domain.tld)' }
  }
  if (lower.startsWith('lnurl1')) {
    try {
      const decoded = bech32.decode(lower as `${string}1${string}`, 2000)
      if (decoded.prefix !== 'lnurl') throw new Error('prefix')
      const url = String.fromCharCode(...bech32.fromWords(decoded.words)) // LUD-01: an ASCII URL
      if (!/^https:\/\/|^http:\/\/[a-z0-9-]+\.onion/i.test(url))
        return { ok: false, reason: 'is an LNURL that does not point to an https address' }
      return { ok: true, kind: 'lnurl', value: lower }
    } catch {
      return { ok: false, reason: 'is not a valid LNURL (bech32 checksum or format is wrong)' }
    }
  }
  if (lower.startsWith('lnurlp://')) {
    // LUD-17: lnurlp://host/path stands for https://host/path
    return LNURLP.test(lower) ? { ok: true, kind: 'lnurl', value: lower } : { ok: false, reason: 'is not a valid lnurlp:// address' }
  }
  if (INVOICE_KEY.test(lower)) return { ok: true, kind: 'lnbits_invoice_key', value: lower }
  return {
    ok: false,
    reason: 'must be a Lightning address (name@domain), an LNURL (lnurl1… or lnurlp://…), or an LNbits invoice key (32 hex characters)',
  }
}

/**
 * What any UI may show of a destination: an invoice key is a secret, so only its ends; a bech32
 * LNURL is opaque, so with the host it leads to (the operator sees where the sats would go).
 */
export function previewDestination(kind: DestinationKind, value: string): string {
  if (kind === 'lnbits_invoice_key') return `LNbits key ${value.slice(0, 4)}…${value.slice(-4)}`
  if (kind === 'lnurl' && value.startsWith('lnurl1')) return `LNURL at ${lnurlHost(value)} (${value.slice(0, 12)}…${value.slice(-6)})`
  return value
}

function lnurlHost(value: string): string {
  try {
    const decoded = bech32.decode(value as `${string}1${string}`, 2000)
    const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(String.fromCharCode(...bech32.fromWords(decoded.words)))?.[1]
    return host?.replace(/^[^@]*@/, '').toLowerCase() ?? 'an unreadable address'
  } catch {
    return 'an unreadable address'
  }
}

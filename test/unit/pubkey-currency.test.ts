import { describe, expect, it } from 'vitest'
import { nsecEncode, npubEncode } from 'nostr-tools/nip19'
import { generateSecretKey } from 'nostr-tools/pure'
import { parsePubkey, shortNpub, toNpub } from '../../src-shared/nostr/pubkey'
import { findCurrency } from '../../src-shared/money/currency'
import { newPubkey } from '../support/keys'

describe('machine public keys', () => {
  it('accepts an npub and returns canonical hex', () => {
    const k = newPubkey()
    expect(parsePubkey(k.npub)).toEqual({ ok: true, hex: k.hex })
    expect(parsePubkey(`  ${k.npub}  `)).toEqual({ ok: true, hex: k.hex })
  })

  it('accepts hex in any case and lowercases it', () => {
    const k = newPubkey()
    expect(parsePubkey(k.hex.toUpperCase())).toEqual({ ok: true, hex: k.hex })
  })

  it('round-trips hex -> npub -> hex', () => {
    const k = newPubkey()
    expect(toNpub(k.hex)).toBe(k.npub)
    expect(shortNpub(k.hex)).toMatch(/^npub1.{5}….{6}$/)
  })

  it('refuses a broken checksum', () => {
    const k = newPubkey()
    const broken = k.npub.slice(0, -1) + (k.npub.endsWith('q') ? 'p' : 'q')
    expect(parsePubkey(broken)).toMatchObject({ ok: false, reason: expect.stringContaining('not a valid npub') })
  })

  it('refuses an nsec, and says why', () => {
    expect(parsePubkey(nsecEncode(generateSecretKey()))).toMatchObject({ ok: false, reason: expect.stringContaining('secret key') })
  })

  it('refuses 64 hex characters that are not a point on the curve', () => {
    // x = 5 has no y on secp256k1 (5^3 + 7 = 132 is not a quadratic residue mod p)
    const offCurve = '0'.repeat(63) + '5'
    expect(parsePubkey(offCurve)).toMatchObject({ ok: false, reason: expect.stringContaining('not a point') })
    expect(parsePubkey(npubEncode(offCurve))).toMatchObject({ ok: false })
  })

  it.each([['abc'], [''], [42], [null], ['g'.repeat(64)]])('refuses %j', (value) => {
    expect(parsePubkey(value).ok).toBe(false)
  })
})

describe('currencies', () => {
  it('knows minor-unit exponents from ISO 4217', () => {
    expect(findCurrency('GTQ')).toMatchObject({ code: 'GTQ', exponent: 2 })
    expect(findCurrency('USD')?.exponent).toBe(2)
    expect(findCurrency('JPY')?.exponent).toBe(0)
    expect(findCurrency('KWD')?.exponent).toBe(3)
  })

  it('refuses unknown codes, lowercase, and codes without a minor unit', () => {
    expect(findCurrency('ZZZ')).toBeUndefined()
    expect(findCurrency('gtq')).toBeUndefined()
    expect(findCurrency('XAU')).toBeUndefined()
    expect(findCurrency('XTS')).toBeUndefined()
    expect(findCurrency('XOF')?.exponent).toBe(0) // a real X-currency stays
  })
})

describe('formatFiat', () => {
  it('places the decimal point by the currency exponent', async () => {
    const { formatFiat } = await import('../../src-shared/money/currency')
    expect(formatFiat(40000, 'GTQ')).toBe('400.00 GTQ')
    expect(formatFiat(5, 'USD')).toBe('0.05 USD')
    expect(formatFiat(1234, 'JPY')).toBe('1234 JPY')
    expect(formatFiat(1234, 'KWD')).toBe('1.234 KWD')
    expect(formatFiat(-250, 'EUR')).toBe('-2.50 EUR')
  })
})

describe('parseFiat', () => {
  it('turns what people type into exact minor units', async () => {
    const { parseFiat } = await import('../../src-shared/money/currency')
    expect(parseFiat('400', 'GTQ')).toEqual({ ok: true, minor: 40000 })
    expect(parseFiat('400.5', 'GTQ')).toEqual({ ok: true, minor: 40050 })
    expect(parseFiat('0.07', 'USD')).toEqual({ ok: true, minor: 7 })
    expect(parseFiat('1500', 'JPY')).toEqual({ ok: true, minor: 1500 })
    expect(parseFiat('1.5', 'JPY')).toMatchObject({ ok: false, reason: 'JPY has no decimals' })
    expect(parseFiat('1.234', 'USD')).toMatchObject({ ok: false, reason: 'USD has at most 2 decimals' })
    expect(parseFiat('-1', 'USD').ok).toBe(false)
    expect(parseFiat('1e3', 'USD').ok).toBe(false)
  })
})

describe('LNbits address field', () => {
  it('takes http(s) addresses without credentials, and trims a trailing slash', async () => {
    const { lnbitsUrlField } = await import('../../src-shared/domain/wallet')
    expect(lnbitsUrlField.parse('https://lnbits.example.com/')).toBe('https://lnbits.example.com')
    expect(lnbitsUrlField.parse('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000')
    for (const bad of ['https://user:pw@lnbits.example.com', 'ftp://x.org', 'lnbits.example.com', ''])
      expect(lnbitsUrlField.safeParse(bad).success).toBe(false)
  })

  it('binds a wallet over plain http only on this computer, a .onion address, or with the operator’s explicit yes', async () => {
    const { WalletBindArgs } = await import('../../src-shared/domain/wallet')
    const bind = (lnbits_url: string, extra = {}) =>
      WalletBindArgs.safeParse({ role: 'funding', lnbits_url, invoice_key: 'a'.repeat(32), admin_key: 'b'.repeat(32), ...extra })
    for (const fine of [
      'https://lnbits.example.com',
      'http://127.0.0.1:5000',
      'http://localhost:5000',
      'http://[::1]:5000',
      'http://abc.onion',
    ])
      expect(bind(fine).success, fine).toBe(true)
    for (const exposed of ['http://192.168.1.20:5000', 'http://lnbits.example.com', 'http://127.0.0.1.evil.example']) {
      const r = bind(exposed)
      expect(r.success, exposed).toBe(false)
      expect(r.error?.issues[0]).toMatchObject({ path: ['lnbits_url'], message: expect.stringContaining('must be https') })
    }
    expect(bind('http://192.168.1.20:5000', { allow_plain_http: true }).success).toBe(true)
  })
})

import currencyCodes from 'currency-codes'

/**
 * ISO 4217 currencies and their minor-unit exponent (GTQ 2, USD 2, JPY 0), from the
 * currency-codes package so the exponent does not depend on the ICU build in use.
 */
export interface Currency {
  code: string
  name: string
  exponent: number
}

/** ISO 4217 codes that are metals, bond units, funds or for testing: no ATM dispenses them. */
const NOT_CASH = new Set([
  'XAU',
  'XAG',
  'XPT',
  'XPD',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XSU',
  'XUA',
  'XTS',
  'XXX',
  'BOV',
  'CHE',
  'CHW',
  'CLF',
  'COU',
  'MXV',
  'USN',
  'UYI',
  'UYW',
])

export function findCurrency(code: string): Currency | undefined {
  if (!/^[A-Z]{3}$/.test(code) || NOT_CASH.has(code)) return undefined
  const entry = currencyCodes.code(code)
  if (!entry || typeof entry.digits !== 'number') return undefined
  return { code: entry.code, name: entry.currency, exponent: entry.digits }
}

/** "400.00 GTQ" from 40000 minor units: exact, no floats. */
export function formatFiat(minor: number, code: string): string {
  return `${fiatDecimal(minor, code)} ${code}`
}

/** "400.00" from 40000 minor units of GTQ (the currency's own decimals): exact, for files people import. */
export function fiatDecimal(minor: number, code: string): string {
  return decimal(minor, findCurrency(code)?.exponent ?? 2)
}

/** "0.00021000" from 21000 sats: exact. */
export const btcDecimal = (sats: number): string => decimal(sats, 8)

function decimal(units: number, exponent: number): string {
  const sign = units < 0 ? '-' : ''
  const digits = String(Math.abs(units)).padStart(exponent + 1, '0')
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/** "400.5" GTQ -> 40050 minor units, exactly; refuses more decimals than the currency has. */
export function parseFiat(text: string, code: string): { ok: true; minor: number } | { ok: false; reason: string } {
  const exponent = findCurrency(code)?.exponent ?? 2
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim())
  if (!m) return { ok: false, reason: `must be an amount such as ${exponent === 0 ? '400' : '400.' + '0'.repeat(exponent)}` }
  const dec = m[2] ?? ''
  if (dec.length > exponent)
    return { ok: false, reason: exponent === 0 ? `${code} has no decimals` : `${code} has at most ${exponent} decimals` }
  const minor = Number(m[1]) * 10 ** exponent + Number(dec.padEnd(exponent, '0') || '0')
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'is too large' }
  return { ok: true, minor }
}

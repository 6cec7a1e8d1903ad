/**
 * Fractions (fees, splits) are exact: integer parts per 10,000 (0.0350 -> 350).
 * On the wire they are decimal strings with at most 4 decimals.
 */
export const FRACTION_SCALE = 10_000

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d{1,4}))?$/

export type FractionParse = { ok: true; parts: number } | { ok: false; reason: string }

/** Parses "0.035" to 350. Refuses numbers (floats), signs, exponents and >4 decimals. */
export function parseFraction(text: unknown): FractionParse {
  if (typeof text !== 'string') return { ok: false, reason: 'must be a decimal string such as "0.0350"' }
  const s = text.trim()
  const m = DECIMAL.exec(s)
  if (!m) {
    if (/^\d*\.\d{5,}$/.test(s)) return { ok: false, reason: 'has more than 4 decimal places' }
    return { ok: false, reason: 'must be a decimal string such as "0.0350"' }
  }
  const whole = Number(m[1])
  if (whole > 1) return { ok: false, reason: 'must be at most 1' }
  const decimals = (m[2] ?? '').padEnd(4, '0')
  const parts = whole * FRACTION_SCALE + Number(decimals)
  if (parts > FRACTION_SCALE) return { ok: false, reason: 'must be at most 1' }
  return { ok: true, parts }
}

/** Formats 350 as "0.0350" (always 4 decimals, so equal values compare equal as strings). */
export function formatFraction(parts: number): string {
  if (!Number.isSafeInteger(parts) || parts < 0) throw new RangeError(`fraction parts must be a non-negative integer, got ${parts}`)
  const whole = Math.floor(parts / FRACTION_SCALE)
  const rest = String(parts % FRACTION_SCALE).padStart(4, '0')
  return `${whole}.${rest}`
}

/** Formats parts as a percentage for people: 350 -> "3.5%". */
export function formatPercent(parts: number): string {
  const hundredths = parts // parts per 10,000 == hundredths of a percent
  const whole = Math.floor(hundredths / 100)
  const rest = String(hundredths % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return rest ? `${whole}.${rest}%` : `${whole}%`
}

/**
 * A non-negative decimal string with at most 4 decimals, as exact parts per 10,000 ("1250.5" ->
 * 12505000n). BigInt, because a rate times an amount can pass 2^53. Refuses anything else.
 */
export function decimalToParts(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text.trim())
  if (!m) throw new RangeError(`not a decimal with at most 4 places: ${text}`)
  return BigInt(m[1]!) * BigInt(FRACTION_SCALE) + BigInt((m[2] ?? '').padEnd(4, '0'))
}

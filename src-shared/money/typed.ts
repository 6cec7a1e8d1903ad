import { findCurrency } from './currency'
import { formatFraction } from './fraction'

/**
 * Numbers as people type them in a form: with the locale's separators, a currency symbol or code,
 * spaces, "%". Parsed exactly (strings and integers, never floats); a refusal is a reason code the
 * UI words in its language.
 */
export interface Separators {
  decimal: string
  group: string
}

export type TypedRefusal = 'format' | 'decimals' | 'too_large' | 'range'
export type Typed<T> = { ok: true; value: T } | { ok: false; reason: TypedRefusal }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * "Q 1,250.50" -> "1250.50" (es-GT, en-US); null when it is not a plain non-negative amount.
 * Only the given affixes (the currency's own code and symbols, or "%") may stand before or after
 * it; anything else ("2k", "100 mil", "$100" on a quetzal machine) is refused, not dropped. Groups
 * must be whole (1,250 not 1,25), and there is no space inside the number.
 */
export function typedDecimal(text: string, seps: Separators, affixes: readonly string[] = []): string | null {
  let bare = text.replace(/[\u00a0\u202f]/g, ' ').trim()
  const longestFirst = [...affixes].filter(Boolean).sort((a, b) => b.length - a.length)
  const before = longestFirst.find((a) => bare.toUpperCase().startsWith(a.toUpperCase()))
  if (before) bare = bare.slice(before.length).trim()
  const after = longestFirst.find((a) => bare.toUpperCase().endsWith(a.toUpperCase()))
  if (after) bare = bare.slice(0, bare.length - after.length).trim()
  const d = escape(seps.decimal)
  const g = escape(seps.group)
  const grouped = new RegExp(`^(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${d}(\\d+))?$`)
  const m = grouped.exec(bare)
  if (!m) return null
  const whole = m[1]!.split(seps.group).join('')
  return m[2] === undefined ? whole : `${whole}.${m[2]}`
}

/**
 * A typed fiat amount as minor units of `code`: "Q1,250.5" GTQ -> 125050. `symbols` are the
 * currency's own signs as people write them ("Q", "Q."); its ISO code is always accepted.
 */
export function parseTypedFiat(text: string, code: string, seps: Separators, symbols: readonly string[] = []): Typed<number> {
  const exponent = findCurrency(code)?.exponent ?? 2
  const dec = typedDecimal(text, seps, [code, ...symbols])
  if (dec === null) return { ok: false, reason: 'format' }
  const [whole, fraction = ''] = dec.split('.') as [string, string?]
  if (fraction.length > exponent) return { ok: false, reason: 'decimals' }
  if (whole.replace(/^0+/, '').length > 15) return { ok: false, reason: 'too_large' }
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0')
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'too_large' }
  return { ok: true, value: minor }
}

/** A typed percentage as the fraction the core stores: "3.5 %" -> "0.0350" (at most 2 decimals, 0 to 100). */
export function parseTypedPercent(text: string, seps: Separators): Typed<string> {
  const dec = typedDecimal(text, seps, ['%'])
  if (dec === null) return { ok: false, reason: 'format' }
  const [whole, fraction = ''] = dec.split('.') as [string, string?]
  if (fraction.length > 2) return { ok: false, reason: 'decimals' }
  if (whole.length > 3) return { ok: false, reason: 'range' }
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (hundredths > 10_000) return { ok: false, reason: 'range' }
  return { ok: true, value: formatFraction(hundredths) }
}

/** The fraction "0.0350" as the percentage a form shows for editing: "3.5" (the locale's decimal separator). */
export function percentForInput(fraction: string, seps: Separators): string {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(fraction)
  if (!m) return fraction
  const hundredths = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  const whole = Math.floor(hundredths / 100)
  const rest = String(hundredths % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return rest ? `${whole}${seps.decimal}${rest}` : String(whole)
}

import { fiatDecimal, findCurrency } from '../../src-shared/money/currency'
import { parseFraction } from '../../src-shared/money/fraction'
import { parseTypedFiat, parseTypedPercent, typedDecimal, type Separators, type TypedRefusal } from '../../src-shared/money/typed'
import { CommandError } from '../../src-shared/contract/errors'
import { i18n, intlLocale } from './i18n'
import { MACHINE_WALLET } from '../../src-shared/domain/settlement'

/**
 * Display helpers, in the language in use (Intl, es-GT or en-US): formatting only, every number
 * comes from the core. Amounts go to Intl as exact decimal strings, never as floats.
 */
const formats = new Map<string, Intl.NumberFormat>()
function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${intlLocale()}|${JSON.stringify(options)}`
  let f = formats.get(key)
  if (!f) formats.set(key, (f = new Intl.NumberFormat(intlLocale(), options)))
  return f
}
type Exact = Parameters<Intl.NumberFormat['format']>[0]

const NONE = '—'

/** 1250000 -> "1,250,000 sats" */
export const sats = (n: number | null | undefined) =>
  n === null || n === undefined ? NONE : i18n.global.t('common.units.sats', { n: numberFormat().format(n) })

/** 100000 -> "100,000" */
export const count = (n: number) => numberFormat().format(n)

/** 125050 GTQ -> "Q 1,250.50": the currency's symbol, separators and decimals. */
export function fiat(minor: number | null | undefined, code: string | null | undefined): string {
  if (minor === null || minor === undefined || !code) return NONE
  const exponent = findCurrency(code)?.exponent ?? 2
  const f = numberFormat({
    style: 'currency',
    currency: code,
    // "Q 1,250.50", not "GTQ 1,250.50": the symbol people know, in either language
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  })
  return f.format(fiatDecimal(minor, code) as Exact)
}

/** "0.0350" -> "3.5 %" */
export function percent(fraction: string): string {
  const r = parseFraction(fraction)
  return r.ok ? numberFormat({ style: 'percent', maximumFractionDigits: 2 }).format(fraction as Exact) : fraction
}

/** Local date and time, short; `whenFull` adds the time zone, for a title. */
export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }) : NONE
export const whenFull = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(intlLocale(), { dateStyle: 'full', timeStyle: 'long' }) : NONE

/** The separators people type in the language in use (es-GT and en-US both write 1,250.50). */
export function separators(): Separators {
  const parts = numberFormat().formatToParts(12345.6)
  return { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' }
}

/** The signs people write a currency with, in the language in use: "Q" and "Q." for quetzales, "$" for dollars. */
export function currencySymbols(code: string): string[] {
  const signs = new Set<string>()
  for (const currencyDisplay of ['narrowSymbol', 'symbol'] as const) {
    const sign = numberFormat({ style: 'currency', currency: code, currencyDisplay })
      .formatToParts(1)
      .find((p) => p.type === 'currency')?.value
    if (sign && sign !== code) signs.add(sign).add(`${sign}.`)
  }
  return [...signs]
}

/** An amount typed for `code` (its code or its signs allowed, nothing else), in minor units. */
export const typedFiat = (text: string, code: string) => parseTypedFiat(text, code, separators(), currencySymbols(code))

/** While typing, before the currency is known: the shape of an amount (a sign or code at either end aside). */
export const amountShape = (text: string) =>
  typedDecimal(text.trim().replace(/^[\p{Sc}\p{L}.]{1,4}\s*|\s*[\p{Sc}\p{L}.]{1,4}$/gu, ''), separators()) !== null

/**
 * A discount typed in percent ("5", "5.5 %") as the core reads it ("5.50"); nothing typed is no
 * discount. A text that is not a percentage is refused against the field, never sent as 0.
 */
export function typedDiscount(text: string | undefined): string {
  if (!text?.trim()) return '0'
  const r = parseTypedPercent(text, separators())
  const parts = r.ok ? parseFraction(r.value) : null
  if (!parts?.ok) {
    const message = i18n.global.t('settlements.rule.percent')
    throw new CommandError('invalid_args', message, [{ path: 'discount', message }])
  }
  return `${Math.floor(parts.parts / 100)}.${String(parts.parts % 100).padStart(2, '0')}`
}

/** Why a typed amount of `code` is refused, worded to follow the field's label ("Fiat amount must be …"). */
export function amountProblem(reason: TypedRefusal, code: string): string {
  const t = i18n.global.t
  const exponent = findCurrency(code)?.exponent ?? 2
  if (reason === 'decimals')
    return exponent === 0 ? t('settlements.rule.noDecimals', { code }) : t('settlements.rule.decimals', { code, n: exponent }, exponent)
  if (reason === 'format') return t('settlements.rule.amountFormat', { example: fiat(1500 * 10 ** exponent, code) })
  return t('settlements.rule.tooLarge')
}

/** A plain word for a status, a direction or a leg type the core names (`operator_split` -> "Commission split"). */
export const statusLabel = (status: string) => label('common.status', status)
export const directionLabel = (direction: string) => label('common.direction', direction)
export const legTypeLabel = (legType: string) => label('common.legType', legType)

/** The legs whose payee the settlement engine names itself (in English, as stored): said in the language in use. */
const OWN_PAYEES = new Set(['super_fee', 'retained', 'operator_principal'])

/** Whom a leg pays, as people read it. */
export const legPayee = (leg: { leg_type: string; target_label: string }) =>
  OWN_PAYEES.has(leg.leg_type) ? label('common.legPayee', leg.leg_type) : leg.target_label

/** Where a leg goes: its destination as the core shows it, or the machine's own wallet (the sats stay there). */
export const legDestination = (leg: { target: string }) =>
  leg.target === MACHINE_WALLET ? i18n.global.t('common.legPayee.machineWallet') : leg.target || NONE
function label(group: string, name: string): string {
  const key = `${group}.${name}`
  return i18n.global.te(key) ? i18n.global.t(key) : name
}

export const STATUS_COLORS: Record<string, string> = {
  pending: 'grey-8',
  processing: 'primary',
  completed: 'positive',
  errored: 'negative',
  rejected: 'deep-orange-10',
  planned: 'grey-8',
  in_flight: 'primary',
  failed: 'negative',
  voided: 'grey-7',
  confirmed: 'positive',
  cancelled: 'grey-7',
  reversed: 'grey-7',
  active: 'positive',
  inactive: 'grey-7',
}

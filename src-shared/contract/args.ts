import { z } from 'zod'
import { CommandError, type FieldIssue, type Translatable } from './errors'
import field from '../messages/field'
import { formatMessage, type Params } from '../messages/define'
import { parseFraction } from '../money/fraction'
import { findCurrency } from '../money/currency'
import { parsePubkey } from '../nostr/pubkey'

/**
 * Field schemas shared by the core (the authority) and the renderer's forms (which only
 * mirror it), so a rule is written once. All are zod: well-kept, typed, composable.
 */

/** A decimal-string fraction limited to [0, max] parts per 10,000; outputs the integer parts. */
export function fractionField(maxParts: number, maxText: string) {
  return z.unknown().transform((value, ctx) => {
    if (isMissing(value)) {
      ctx.addIssue({ code: 'custom', message: 'is required' })
      return z.NEVER
    }
    const r = parseFraction(value)
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason })
      return z.NEVER
    }
    if (r.parts > maxParts) {
      ctx.addIssue({ code: 'custom', message: `must be between 0 and ${maxText}` })
      return z.NEVER
    }
    return r.parts
  })
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

export const pubkeyField = z.unknown().transform((value, ctx) => {
  const r = parsePubkey(value)
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason })
    return z.NEVER
  }
  return r.hex
})

export const fiatCodeField = z.unknown().transform((value, ctx) => {
  if (isMissing(value)) {
    ctx.addIssue({ code: 'custom', message: 'is required' })
    return z.NEVER
  }
  const code = typeof value === 'string' ? value.trim().toUpperCase() : ''
  const currency = code ? findCurrency(code) : undefined
  if (!currency) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 4217 currency code such as GTQ, USD or EUR' })
    return z.NEVER
  }
  return currency.code
})

// C0 and C1 controls (a note may hold line breaks and tabs), the bidirectional overrides and
// isolates that make text read other than it is, and a UTF-16 half without its other half.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const LINE_BREAK = /[\t\n\r]/
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why a text is refused as it stands, or null. */
export function textProblem(text: string, multiline = false): string | null {
  if (CONTROL.test(text) || (!multiline && LINE_BREAK.test(text))) return 'must not contain control characters'
  if (BIDI.test(text)) return 'must not contain characters that change the reading direction'
  if (LONE_SURROGATE.test(text)) return 'is not valid text'
  return null
}

/** Text a person typed: trimmed, refused with control or direction characters, stored NFC-normalised. */
export function textField(label: { min: number; max: number; multiline?: boolean }) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .min(label.min, label.min === 1 ? 'is required' : `must be at least ${label.min} characters`)
    .max(label.max, `must be at most ${label.max} characters`)
    .superRefine((text, ctx) => {
      const problem = textProblem(text, label.multiline)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .transform((text) => text.normalize('NFC'))
}

/** A moment given by its ISO date (midnight UTC) or time; normalised to UTC, as the ledger keeps times. */
export const instantField = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO date (2026-12-01) or time',
  )
  .transform((v) => new Date(v).toISOString())

export const idField = z.string({ error: 'is required' }).trim().min(1, 'is required').max(64, 'is too long')

export const pageArgs = {
  limit: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(100),
  cursor: z.string({ error: 'must be a cursor returned by a previous page' }).max(200).nullish(),
}

/** The English of a schema's refusal: each field's problem after its name in the contract. */
export function schemaMessage(issues: FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')
}

/** Parses raw args with a command's schema; any problem becomes one `invalid_args` error naming every field. */
export function parseArgs<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw === undefined ? {} : raw)
  if (r.success) return r.data
  const issues = toFieldIssues(r.error, raw)
  throw new CommandError('invalid_args', schemaMessage(issues), issues)
}

export function toFieldIssues(error: z.ZodError, raw: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return fieldIssue(issue.keys.join(', '), issue.keys.length === 1 ? 'is not a known field' : 'are not known fields')
    }
    const path = issue.path.map(String).join('.')
    if (issue.code === 'invalid_type' && path === '') return fieldIssue(path, 'arguments must be a JSON object')
    if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return fieldIssue(path, 'is required')
    return fieldIssue(path, issue.message, issue.code)
  })
}

/** A field problem with its message's id beside the English, when the `field` catalog has it. */
export function fieldIssue(path: string, message: string, code?: string): FieldIssue {
  return { path, message, ...fieldMessageRef(message, code) }
}

// The `field` catalog read backwards (docs/i18n.md): English text -> message id and parameters.
// A template's `{name}` is a number for these names (taken from the text as it is), any text else.
const NUMERIC_PARAMS = new Set(['min', 'max', 'minimum', 'maximum', 'divisor', 'super', 'operator', 'total', 'cap'])
const EXACT_FIELD_TEXT = new Map<string, string[]>()
const FIELD_PATTERNS: { key: string; regex: RegExp; names: string[]; literal: number }[] = []
for (const [key, text] of Object.entries(field.en) as [string, string][]) {
  const parts = text.split(/\{(\w+)\}/) // literal, name, literal, name, …, literal
  if (parts.length === 1) {
    EXACT_FIELD_TEXT.set(text, [...(EXACT_FIELD_TEXT.get(text) ?? []), key])
    continue
  }
  const source = parts
    .map((part, i) =>
      i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : NUMERIC_PARAMS.has(part) ? '(-?\\d+(?:\\.\\d+)?)' : '(.+?)',
    )
    .join('')
  const names = parts.filter((_, i) => i % 2 === 1)
  FIELD_PATTERNS.push({ key, regex: new RegExp(`^${source}$`, 's'), names, literal: parts.filter((_, i) => i % 2 === 0).join('').length })
}
// the most specific template first: "must be at most {max} characters" before "must be at most {max}"
FIELD_PATTERNS.sort((a, b) => b.literal - a.literal)

/** zod's own words (`zod.<issue code>.…`) stand for an issue of that code only; the core's, for any. */
function fitsCode(key: string, code: string | undefined): boolean {
  if (!key.startsWith('zod.') || code === undefined || key === 'zod.invalid_input') return true
  return key.split('.')[1] === code
}

/**
 * The `field` catalog's id and parameters for a field problem's English text, or `{}` when it has
 * none; `code` is the zod issue code the text came with, when known. The English formatted back
 * from the id is always exactly `message`.
 */
export function fieldMessageRef(message: string, code?: string): Translatable {
  const exact = EXACT_FIELD_TEXT.get(message)?.find((key) => fitsCode(key, code))
  if (exact) return { message_id: `field.${exact}` }
  for (const { key, regex, names } of FIELD_PATTERNS) {
    if (!fitsCode(key, code)) continue
    const m = regex.exec(message)
    if (!m) continue
    const params: Params = {}
    names.forEach((name, i) => {
      const text = m[i + 1]!
      params[name] = NUMERIC_PARAMS.has(name) && String(Number(text)) === text ? Number(text) : text
    })
    if (formatMessage(field.en[key as keyof typeof field.en], params) === message) return { message_id: `field.${key}`, params }
  }
  return {}
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v: unknown = raw
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

/** Validates one field for a form: true when fine, else the message (its English, and its id for the UI's language). */
export function fieldCheck(schema: z.ZodType): (value: unknown) => true | (Translatable & { message: string }) {
  return (value) => {
    const r = schema.safeParse(value)
    if (r.success) return true
    const issue = r.error.issues[0]
    const message = issue?.message ?? 'is not valid'
    return { message, ...fieldMessageRef(message, issue?.code) }
  }
}

/** Total bitcoin supply in sats: no amount of sats can be larger. */
export const MAX_SATS = 2_100_000_000_000_000

export function integerField(opts: { min: number; max: number; what: string }) {
  return z
    .number({ error: `must be a whole number of ${opts.what}` })
    .int(`must be a whole number of ${opts.what}`)
    .min(opts.min, opts.min === 1 ? 'must be greater than 0' : `must be at least ${opts.min}`)
    .max(opts.max, `must be at most ${opts.max}`)
}

export const satsField = integerField({ min: 1, max: MAX_SATS, what: 'sats' })
/** fiat in the currency's minor unit (centavos); a safe integer */
/**
 * A fiat amount a person enters: at most 10^12 minor units (10,000,000,000.00 of a two-decimal
 * currency), so that sums of many of them stay far below 2^53 and exact as numbers.
 */
export const MAX_FIAT_MINOR = 1_000_000_000_000
export const fiatMinorField = (min: number) => integerField({ min, max: MAX_FIAT_MINOR, what: 'minor units (e.g. centavos)' })

/** A percentage 0..100 with at most 2 decimals, as a number or decimal string; outputs basis points (10% -> 1000). */
export const percentField = z.unknown().transform((value, ctx) => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : ''
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text)
  const bps = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN
  if (!m || bps > 10000) {
    ctx.addIssue({ code: 'custom', message: 'must be a percentage from 0 to 100 with at most 2 decimals' })
    return z.NEVER
  }
  return bps
})

export const optionalNote = textField({ min: 0, max: 2000, multiline: true })

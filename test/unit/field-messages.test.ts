import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fieldCheck, fieldMessageRef, parseArgs, satsField, textField } from '../../src-shared/contract/args'
import { commandSpecs, type CommandName } from '../../src-shared/contract/commands'
import { CommandError, type FieldIssue } from '../../src-shared/contract/errors'
import { checkFeeCap } from '../../src-shared/domain/fee-cap'
import { english, translate } from '../../src-shared/messages'
import field from '../../src-shared/messages/field'
import { PROJECT_ROOT } from '../support/tmp'

// Field problems carry their message's id beside the English (docs/i18n.md), so a form shows them
// in Spanish: every message a schema says is in the `field` catalog, and the English stays as it was.

const SOURCES = [
  ...readdirSync(join(PROJECT_ROOT, 'src-shared/domain'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src-shared/domain/${f}`),
  'src-shared/contract/args.ts',
  // their refusals become field problems through fractionField and pubkeyField
  'src-shared/money/fraction.ts',
  'src-shared/nostr/pubkey.ts',
]

// A string literal: '…', "…" or `…` (a template, whose ${…} stands for anything).
const LIT = String.raw`'((?:[^'\\\n]|\\.)+)'|"((?:[^"\\\n]|\\.)+)"|` + '`((?:[^`\\\\]|\\\\.)+)`'
// A message: a literal, a constant naming one, or `cond ? literal : literal`.
const VALUE = `(?:${LIT}|([A-Z_][A-Z0-9_]*)\\b|[^,;{}()]*?\\?\\s*(?:${LIT})\\s*:\\s*(?:${LIT}))`
const PATTERNS: { how: string; regex: RegExp }[] = [
  // { error: '…' }, { message: '…' }, ctx.addIssue({ message }), a parser's { ok: false, reason: '…' }
  { how: 'property', regex: new RegExp(String.raw`\b(?:error|message|reason):\s*${VALUE}`, 'g') },
  // checks whose message is the only argument
  { how: 'check', regex: new RegExp(String.raw`\.(?:int|nonnegative|positive|nonempty)\(\s*${VALUE}\s*\)`, 'g') },
  // checks whose message is the last argument: .min(1, '…'), .regex(/…/, '…'), .refine(fn, '…')
  {
    how: 'check',
    regex: new RegExp(
      String.raw`\.(?:min|max|length|regex|refine|startsWith|endsWith|includes|lt|lte|gt|gte|multipleOf)\([^;]*?,\s*${VALUE}\s*,?\s*\)`,
      'g',
    ),
  },
  // toFieldIssues' own: fieldIssue(path, '…')
  { how: 'fieldIssue', regex: new RegExp(String.raw`\bfieldIssue\([^;{}]*?,\s*${VALUE}\s*[,)]`, 'g') },
]

function schemaMessages(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const file of SOURCES) {
    const src = readFileSync(join(PROJECT_ROOT, file), 'utf8')
    const literal = (m: RegExpMatchArray, i: number) => m[i] ?? m[i + 1] ?? m[i + 2]
    const consts = new Map(
      [...src.matchAll(new RegExp(String.raw`const ([A-Z_][A-Z0-9_]*) = (?:${LIT})`, 'g'))].map((m) => [m[1]!, literal(m, 2)]),
    )
    const add = (text: string | undefined, how: string) => {
      if (text !== undefined) found.set(text, [...(found.get(text) ?? []), `${file} (${how})`])
    }
    for (const { how, regex } of PATTERNS) {
      for (const m of src.matchAll(regex)) {
        add(literal(m, 1), how)
        if (m[4]) add(consts.get(m[4]) ?? `<the constant ${m[4]}, not found>`, how)
        add(literal(m, 5), how)
        add(literal(m, 8), how)
      }
    }
    // textProblem's answers and fieldRule's last resort
    if (file.endsWith('args.ts'))
      for (const m of src.matchAll(new RegExp(String.raw`(?:return|\?\?)\s+(?:${LIT})`, 'g'))) add(literal(m, 1), 'return')
  }
  return found
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** A template literal's text with each ${…} as a wildcard. */
const templateRegex = (text: string) =>
  new RegExp(
    `^${text
      .split(/\$\{[^}]*\}/)
      .map(escape)
      .join('.+')}$`,
    's',
  )
const unescape = (text: string) => text.replace(/\\(['"`\\])/g, '$1')

const englishTemplates = Object.values(field.en) as string[]

describe('the field catalog has every message a schema says', () => {
  const found = schemaMessages()

  it('finds the messages (the extraction still works)', () => {
    expect(found.size).toBeGreaterThan(80)
    for (const text of ['is required', 'must be text', 'must be at least 8 characters', 'is not a bay (bays are whole numbers from 1)'])
      expect([...found.keys()]).toContain(text)
  })

  it.each([...found.keys()].filter((t) => !t.includes('${')))('%j has a message id that gives it back exactly', (raw) => {
    const text = unescape(raw)
    const ref = fieldMessageRef(text)
    expect({ text, where: found.get(raw), message_id: ref.message_id }).toEqual({
      text,
      where: found.get(raw),
      message_id: expect.any(String),
    })
    expect(english(ref.message_id!, ref.params)).toBe(text)
    expect(translate(ref, 'es', text)).not.toBe(text)
  })

  it.each([...found.keys()].filter((t) => t.includes('${')))('the template %j has a catalog template', (raw) => {
    const pattern = templateRegex(unescape(raw))
    const matching = englishTemplates.filter((t) => pattern.test(t))
    expect({ raw, where: found.get(raw), has_template: matching.length > 0 }).toEqual({ raw, where: found.get(raw), has_template: true })
  })

  it("has each integerField's 'whole number of …' message", () => {
    const whats = SOURCES.flatMap((file) =>
      [...readFileSync(join(PROJECT_ROOT, file), 'utf8').matchAll(/\bwhat: '([^']+)'/g)].map((m) => m[1]!),
    )
    expect(whats.length).toBeGreaterThan(2)
    for (const what of new Set(whats))
      expect({ what, ref: fieldMessageRef(`must be a whole number of ${what}`) }).toMatchObject({
        what,
        ref: { message_id: expect.any(String) },
      })
  })

  it('has no entry a schema no longer says (zod’s own words apart), and no English twice', () => {
    const literals = [...found.keys()].map(unescape)
    const said = (template: string) => {
      const pattern = new RegExp(
        `^${template
          .split(/\{\w+\}/)
          .map(escape)
          .join('.+')}$`,
        's',
      )
      return literals.some((l) => l === template || pattern.test(l) || templateRegex(l).test(template))
    }
    const unused = Object.entries(field.en).filter(([key, text]) => !key.startsWith('zod.') && !said(text))
    expect(unused).toEqual([])
    expect(new Set(englishTemplates).size).toBe(englishTemplates.length)
  })
})

/** The issues of a command's refusal, for these args. */
function refusal(name: CommandName, args: unknown): FieldIssue[] {
  try {
    parseArgs(commandSpecs[name].args, args)
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError)
    const error = e as CommandError
    expect(error.code).toBe('invalid_args')
    // the whole refusal's English is as before: each field's problem after its name
    expect(error.message).toBe(error.issues!.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; '))
    return error.issues!
  }
  throw new Error(`${name} accepted ${JSON.stringify(args)}`)
}

const machine = {
  name: 'Lobby ATM',
  location: 'Zona 10',
  machine_npub: 'npub1sn0wdenkukak0d9dfczzeacvhkrgz92ak56egt7vdgzn8pv2wfqqhrjdv9',
  fiat_code: 'GTQ',
  operator_cash_in_fee_fraction: '0.0300',
  operator_cash_out_fee_fraction: '0.0350',
}

describe('a refused command names each field with its message id', () => {
  it.each<[string, CommandName, unknown, Partial<FieldIssue>[]]>([
    [
      'a missing field',
      'machines.create',
      { ...machine, name: undefined },
      [{ path: 'name', message: 'is required', message_id: 'field.required' }],
    ],
    [
      'a name too long',
      'machines.create',
      { ...machine, name: 'x'.repeat(81) },
      [{ path: 'name', message: 'must be at most 80 characters', message_id: 'field.text.max_characters', params: { max: 80 } }],
    ],
    [
      'a fee above the cap',
      'machines.create',
      { ...machine, operator_cash_in_fee_fraction: '0.2' },
      [
        {
          path: 'operator_cash_in_fee_fraction',
          message: 'must be between 0 and 0.15',
          message_id: 'field.fraction.range',
          params: { max: 0.15 },
        },
      ],
    ],
    [
      'a secret key for a public one, an unknown currency and an unknown field',
      'machines.create',
      { ...machine, machine_npub: 'nsec1abc', fiat_code: 'XYZ', colour: 'red' },
      [
        { path: 'machine_npub', message_id: 'field.pubkey.nsec' },
        { path: 'fiat_code', message: 'must be an ISO 4217 currency code such as GTQ, USD or EUR', message_id: 'field.currency.code' },
        { path: 'colour', message: 'is not a known field', message_id: 'field.args.unknown_field' },
      ],
    ],
    [
      'not an object',
      'machines.list',
      'all',
      [{ path: '', message: 'arguments must be a JSON object', message_id: 'field.args.not_object' }],
    ],
    [
      'a fraction of centavos',
      'deposits.create',
      { client_id: 'c', machine_id: 'm', amount: 1.5 },
      [{ path: 'amount', message: 'must be a whole number of minor units (e.g. centavos)', message_id: 'field.number.whole_minor_units' }],
    ],
    [
      'no legs',
      'splits.replace',
      { legs: [] },
      [
        {
          path: 'legs',
          message: 'needs at least one leg (use splits.clear to remove a ruleset)',
          message_id: 'field.splits.at_least_one_leg',
        },
      ],
    ],
    [
      "zod's own words: a number too small, a wrong type, a text too long",
      'settings.update',
      { alert_backup_hours: 0, alert_leg_minutes: 'soon', alert_sync_minutes: 20_000 },
      [
        {
          path: 'alert_leg_minutes',
          message: 'Invalid input: expected number, received string',
          message_id: 'field.zod.invalid_type.number',
          params: { received: 'string' },
        },
        {
          path: 'alert_sync_minutes',
          message: 'Too big: expected number to be <=10080',
          message_id: 'field.zod.too_big.number',
          params: { maximum: 10080 },
        },
        {
          path: 'alert_backup_hours',
          message: 'Too small: expected number to be >=1',
          message_id: 'field.zod.too_small.number',
          params: { minimum: 1 },
        },
      ],
    ],
    [
      "zod's own words: a text too long",
      'audit.list',
      { entity: 'e'.repeat(41) },
      [
        {
          path: 'entity',
          message: 'Too big: expected string to have <=40 characters',
          message_id: 'field.zod.too_big.string',
          params: { maximum: 40 },
        },
      ],
    ],
    [
      "zod's own words: not one of the options",
      'wallets.list',
      { role: 'spare' },
      [
        {
          path: 'role',
          message: 'Invalid option: expected one of "machine"|"funding"',
          message_id: 'field.zod.invalid_value.other',
          params: { options: '"machine"|"funding"' },
        },
      ],
    ],
  ])('%s', (_what, name, args, expected) => {
    const issues = refusal(name, args)
    expect(issues).toMatchObject(expected)
    for (const issue of issues) {
      expect(issue.message_id).toMatch(/^field\./)
      expect(translate(issue, 'en', '')).toBe(issue.message)
      const spanish = translate(issue, 'es', '')
      expect(spanish).not.toBe(issue.message)
      expect(spanish).not.toMatch(/\{\w+\}/)
    }
  })

  it('a message of no catalog goes without an id, as it came', () => {
    expect(fieldMessageRef('is a colour no one has seen')).toEqual({})
    // zod's words stand only for their own issue code
    expect(fieldMessageRef('Invalid input: expected "x"', 'custom')).toEqual({})
    expect(fieldMessageRef('Invalid input: expected "x"', 'invalid_value')).toEqual({
      message_id: 'field.zod.invalid_value.one',
      params: { value: '"x"' },
    })
  })

  it("the fee cap's field problem has a catalog message", () => {
    let issue: FieldIssue | undefined
    try {
      checkFeeCap('cash_in', 1000, 1000)
    } catch (e) {
      issue = (e as CommandError).issues?.[0]
    }
    const ref = fieldMessageRef(issue!.message)
    expect(ref.message_id).toBe('field.fee_cap.above')
    expect(english(ref.message_id!, ref.params)).toBe(issue!.message)
  })

  it("a form's own check says it with the id too", () => {
    expect(fieldCheck(textField({ min: 8, max: 80 }))('short')).toEqual({
      message: 'must be at least 8 characters',
      message_id: 'field.text.min_characters',
      params: { min: 8 },
    })
    expect(fieldCheck(satsField)(0)).toEqual({ message: 'must be greater than 0', message_id: 'field.number.positive' })
    expect(fieldCheck(satsField)(5)).toBe(true)
  })
})

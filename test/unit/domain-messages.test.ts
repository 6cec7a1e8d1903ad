import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { commandSpecs } from '../../src-shared/contract/commands'
import { CATALOGS, template, translate } from '../../src-shared/messages'
import { machineArgs } from '../support/core'
import { coreAt, ok } from '../support/ledger-fixture'
import { refusedInBoth } from '../support/refusals'
import { PROJECT_ROOT, tempDir } from '../support/tmp'

// The refusals of machines, LPs, deposits and splits carry their message's id beside the English
// (docs/i18n.md): every one is built by `refusal` (src-shared/messages/refuse.ts) from a catalog,
// so the UI can say it in Spanish, and the English is the template formatted with its params.

const NAMESPACES = ['machines', 'clients', 'deposits', 'splits'] as const
const FOLDERS = NAMESPACES.map((n) => `src-main/core/${n}`)
const SOURCES = FOLDERS.flatMap((folder) =>
  readdirSync(join(PROJECT_ROOT, folder))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${folder}/${f}`, text: readFileSync(join(PROJECT_ROOT, folder, f), 'utf8') })),
)

// 'machines.create' (a command) and 'machines.changed' (an event) are not messages.
const EVENTS = new Set(
  [...readFileSync(join(PROJECT_ROOT, 'src-shared/contract/events.ts'), 'utf8').matchAll(/^\s*'([\w.]+)':/gm)].map((m) => m[1]!),
)
const NOT_MESSAGES = new Set<string>([...Object.keys(commandSpecs), ...EVENTS])
const NAMESPACED = new RegExp(String.raw`['"\`]((?:${NAMESPACES.join('|')})\.[\w.]+)['"\`]`, 'g')
const namespacedLiterals = (text: string) => [...text.matchAll(NAMESPACED)].map((m) => m[1]!).filter((s) => !NOT_MESSAGES.has(s))

/** The arguments of each call of `name(` in `text`, split at the top-level commas. */
function callArguments(text: string, name: string): string[][] {
  const calls: string[][] = []
  for (const m of text.matchAll(new RegExp(String.raw`\b${name}\(`, 'g'))) {
    const args: string[] = []
    let depth = 0
    let quote: string | null = null
    let current = ''
    for (let i = m.index + m[0].length; i < text.length; i++) {
      const c = text[i]!
      if (quote) {
        current += c
        if (c === '\\') current += text[++i]
        else if (c === quote) quote = null
        continue
      }
      if (c === "'" || c === '"' || c === '`') quote = c
      else if ('([{'.includes(c)) depth++
      else if (')]}'.includes(c)) {
        if (depth === 0) break
        depth--
      } else if (c === ',' && depth === 0) {
        args.push(current.trim())
        current = ''
        continue
      }
      current += c
    }
    if (current.trim()) args.push(current.trim())
    calls.push(args)
  }
  return calls
}

describe('the refusals of machines, LPs, deposits and splits by message id', () => {
  it('every refusal in those folders goes through the helper, by an id a catalog has', () => {
    const used = new Set<string>()
    for (const { file, text } of SOURCES) {
      expect({ file, constructs: /new CommandError\(/.test(text) }).toEqual({ file, constructs: false })
      // the id is the helpers' second argument: a literal id, a choice of literal ids, or a lookup in a table of them
      const ids = [...callArguments(text, 'refusal'), ...callArguments(text, 'refusalIssue')].map((args) => args[1] ?? '')
      for (const id of ids) {
        const literal = namespacedLiterals(id)
        if (literal.length === 0) expect({ file, id }).toEqual({ file, id: expect.stringMatching(/^[A-Z_]+\[[\w.]+\](?:\[\w+\])?$/) })
        literal.forEach((l) => used.add(l))
      }
      // the literal ids: those of the calls, and those of the tables looked up
      for (const id of namespacedLiterals(text)) {
        used.add(id)
        expect({ file, id, known: template(id, 'en') !== undefined }).toEqual({ file, id, known: true })
      }
    }
    expect(used.size).toBeGreaterThan(40)
    // and no message of these catalogs is left unused
    for (const namespace of NAMESPACES) {
      for (const key of Object.keys(CATALOGS[namespace]!.en))
        expect({ id: `${namespace}.${key}`, used: used.has(`${namespace}.${key}`) }).toEqual({
          id: `${namespace}.${key}`,
          used: true,
        })
    }
  })
})

describe('real refusals say their English by id, and Spanish too', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  beforeEach(() => {
    dir = tempDir()
    core = coreAt(dir.path)
  })
  afterEach(async () => {
    await core.close()
    dir.remove()
  })

  const refusedBothWays = (name: string, args: unknown, code: string, id: string) => refusedInBoth(core, name, args, code, id)

  it('a duplicate machine key', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Lobby ATM' }))
    const error = await refusedBothWays(
      'machines.create',
      machineArgs({ name: 'Second ATM', machine_npub: m.machine_npub }),
      'conflict',
      'machines.pubkey.taken',
    )
    expect(error).toMatchObject({
      message: `Machine "Lobby ATM" (${m.id}) already uses this public key. Each ATM has its own key.`,
      params: { name: 'Lobby ATM', id: m.id },
      issues: [{ path: 'machine_npub', message: 'is already used by another machine', message_id: 'machines.pubkey.taken.issue' }],
    })
    expect(translate(error, 'es', '')).toBe(`El cajero "Lobby ATM" (${m.id}) ya usa esta clave pública. Cada cajero tiene su propia clave.`)
  })

  it('a deposit for an unknown LP', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const error = await refusedBothWays(
      'deposits.create',
      { client_id: 'nope', machine_id: m.id, amount: 100 },
      'not_found',
      'clients.not_found',
    )
    expect(error).toMatchObject({ message: 'No LP with id nope.', params: { id: 'nope' } })
    expect(translate(error, 'es', '')).toBe('No hay ningún proveedor con el id nope.')
  })

  it('an inactive LP taking a deposit', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const lp = await ok(core, 'clients.create', { machine_id: m.id, name: 'Ana', payout_destination: 'ana@example.com' })
    await ok(core, 'clients.update', { id: lp.id, status: 'inactive' })
    const error = await refusedBothWays(
      'deposits.create',
      { client_id: lp.id, machine_id: m.id, amount: 100 },
      'conflict',
      'deposits.lp.inactive',
    )
    expect(error.message).toBe(
      'LP "Ana" is inactive: an inactive LP takes no new deposits (what they have left keeps receiving DCA until it is zero or settled). Activate them first to record a deposit.',
    )
    expect(error.issues).toEqual([{ path: 'client_id', message: 'is inactive', message_id: 'deposits.lp.inactive.issue' }])
  })

  it('a split not summing to 1', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const error = await refusedBothWays(
      'splits.replace',
      { machine_id: m.id, legs: [{ destination: 'partner@example.com', label: 'Partner', fraction: '0.9' }] },
      'invalid_args',
      'splits.sum',
    )
    expect(error).toMatchObject({
      message: 'The fractions sum to 0.9000; they must sum to exactly 1.0000. Nothing was changed.',
      params: { total: '0.9000' },
      issues: [
        { path: 'legs', message: 'fractions sum to 0.9000, not 1.0000', message_id: 'splits.sum.issue', params: { total: '0.9000' } },
      ],
    })
  })

  it("a deposit's status and the action refused pick the message", async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const lp = await ok(core, 'clients.create', { machine_id: m.id, name: 'Ana', payout_destination: 'ana@example.com' })
    const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: m.id, amount: 100 })
    await ok(core, 'deposits.setStatus', { id: d.id, status: 'cancelled' })
    const error = await refusedBothWays('deposits.update', { id: d.id, amount: 200 }, 'conflict', 'deposits.not_pending.cancelled.edited')
    expect(error.message).toBe(
      'This deposit is cancelled; only a pending deposit can be edited. Record a new deposit to correct a confirmed one.',
    )
    await refusedBothWays('deposits.reverse', { id: d.id, reason: 'counted twice' }, 'conflict', 'deposits.not_confirmed.cancelled')
  })
})

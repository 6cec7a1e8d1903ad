import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { commandSpecs } from '../../src-shared/contract/commands'
import type { ErrorBody } from '../../src-shared/contract/errors'
import { CATALOGS, template, translate } from '../../src-shared/messages'
import { ctx } from './ledger-fixture'
import { PROJECT_ROOT } from './tmp'

/** Command names and event names: dotted like message ids, but not messages. */
const EVENTS = [...readFileSync(join(PROJECT_ROOT, 'src-shared/contract/events.ts'), 'utf8').matchAll(/^\s*'([\w.]+)':/gm)].map(
  (m) => m[1]!,
)
export const NOT_MESSAGES: ReadonlySet<string> = new Set([...Object.keys(commandSpecs), ...EVENTS])

/**
 * A domain's refusals go by message id (docs/i18n.md): in `files`, no `new CommandError(` but the
 * ones `passedOn` counts (words that came from elsewhere), every dotted literal of `namespaces` is a
 * message a catalog has, and every message of those catalogs is used.
 */
export function expectRefusalsById(opts: {
  files: string[]
  namespaces: readonly string[]
  passedOn?: Record<string, number>
  notMessages?: readonly string[]
}): void {
  const skip = new Set([...NOT_MESSAGES, ...(opts.notMessages ?? [])])
  const literal = new RegExp(String.raw`['"\`]((?:${opts.namespaces.join('|')})\.[\w.]+)['"\`]`, 'g')
  const used = new Set<string>()
  for (const file of opts.files) {
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8')
    const constructs = [...text.matchAll(/new CommandError\(/g)].length
    expect({ file, constructs }).toEqual({ file, constructs: opts.passedOn?.[file] ?? 0 })
    for (const [, id] of text.matchAll(literal)) {
      if (skip.has(id!)) continue
      expect({ file, id, known: template(id!, 'en') !== undefined }).toEqual({ file, id, known: true })
      used.add(id!)
    }
  }
  for (const namespace of opts.namespaces) {
    const keys = Object.keys(CATALOGS[namespace]!.en)
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys)
      expect({ id: `${namespace}.${key}`, used: used.has(`${namespace}.${key}`) }).toEqual({ id: `${namespace}.${key}`, used: true })
  }
}

/**
 * Calls a command that must be refused with `code` and message `id`; the error and each field issue
 * say their English by id, and a Spanish that is neither empty, nor the English, nor missing a parameter.
 */
export async function refusedInBoth(core: Core, name: string, args: unknown, code: string, id: string): Promise<ErrorBody> {
  const r = await core.call(name, args, ctx)
  expect(r, `${name} should be refused`).toMatchObject({ ok: false, error: { code, message_id: id } })
  if (r.ok) throw new Error('unreachable')
  for (const said of [r.error, ...(r.error.issues ?? [])]) {
    expect({ said: said.message, id: said.message_id }).toEqual({ said: said.message, id: expect.stringMatching(/^\w+\./) })
    expect(translate(said, 'en', '')).toBe(said.message)
    const es = translate(said, 'es', '')
    expect(es.trim()).not.toBe('')
    expect(es).not.toBe(said.message)
    expect(es).not.toMatch(/\{\w+\}/)
  }
  return r.error
}

import { afterEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../src-shared/contract/events'
import { commandRunner, type CoreServices } from '../../src-main/core/commands/run'
import { toErrorBody } from '../../src-main/core/commands/error-body'
import type { HandlerTable } from '../../src-main/core/env'
import { openLedger, type Ledger } from '../../src-main/core/ledger/open'
import { silentLogger } from '../support/core'
import { tempDir } from '../support/tmp'

// The command runner against a real ledger, with handlers written for the test: each checks one
// promise the runner makes about transactions, audit rows and events (docs/architecture.md#how-a-command-runs).

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const ctx = { actor: 'tester' }
const relayEvent = (url: string): PushEvent => ({ name: 'relays.changed', payload: { url, state: 'idle' } })

function setup(table: Partial<HandlerTable>) {
  const dir = tempDir()
  const ledger: Ledger = openLedger({ dataDir: dir.path, now: () => '2026-12-01T00:00:00.000Z' })
  cleanup.push(
    () => dir.remove(),
    () => ledger.close(),
  )
  const delivered: PushEvent[] = []
  let n = 0
  const services = { now: () => '2026-12-01T00:00:00.000Z', newId: () => `id-${++n}`, logger: silentLogger } as unknown as CoreServices
  const run = commandRunner(ledger.db, services, (events) => delivered.push(...events), table as HandlerTable)
  const count = async (table: 'relays' | 'audit_log') =>
    Number(
      (
        await ledger.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { run, delivered, count, ledger }
}

describe('the command runner', () => {
  it("a write command's rows, audit row and events commit together; the audit names the command and the caller", async () => {
    const { run, delivered, count, ledger } = setup({
      'relays.add': async (args, env) => {
        await env.db.insertInto('relays').values({ url: args.url, enabled: 1, added_at: env.now() }).execute()
        await env.audit({ entity: 'relay', entity_id: args.url, before: null, after: { url: args.url } })
        env.emit(relayEvent(args.url))
        return []
      },
    })
    await run('relays.add', { url: 'wss://relay.example' }, ctx)
    expect(await count('relays')).toBe(1)
    expect(await ledger.db.selectFrom('audit_log').select(['command', 'actor']).execute()).toEqual([
      { command: 'relays.add', actor: 'tester' },
    ])
    expect(delivered).toEqual([relayEvent('wss://relay.example')])
  })

  it('a write transaction that fails at COMMIT writes nothing and announces nothing', async () => {
    const { run, delivered, count } = setup({
      'relays.add': async (args, env) => {
        await env.db.insertInto('relays').values({ url: args.url, enabled: 1, added_at: env.now() }).execute()
        // A split leg of a ruleset that does not exist: its foreign key is deferred, so SQLite refuses at COMMIT.
        await env.db
          .insertInto('split_legs')
          .values({
            ruleset_id: 'missing',
            position: 0,
            target_kind: 'external',
            client_id: null,
            destination: 'x',
            destination_kind: 'lightning_address',
            destination_enc: Buffer.from('x'),
            label: 'x',
            fraction_parts: 10_000,
          })
          .execute()
        await env.audit({ entity: 'relay', entity_id: args.url, before: null, after: null })
        env.emit(relayEvent(args.url))
        return []
      },
    })
    await expect(run('relays.add', { url: 'wss://relay.example' }, ctx)).rejects.toThrow(/FOREIGN KEY/)
    expect(await count('relays')).toBe(0)
    expect(await count('audit_log')).toBe(0)
    expect(delivered).toEqual([])
  })

  it("an own command: a committed step's events are announced even when a later step rolls back; the rolled-back step's are not", async () => {
    const { run, delivered, count } = setup({
      'wallets.test': async (_args, env) => {
        await env.transaction(async (tx) => {
          await tx.db.insertInto('relays').values({ url: 'wss://one.example', enabled: 1, added_at: tx.now() }).execute()
          tx.emit(relayEvent('wss://one.example'))
        })
        await env.transaction(async (tx) => {
          await tx.db.insertInto('relays').values({ url: 'wss://two.example', enabled: 1, added_at: tx.now() }).execute()
          tx.emit(relayEvent('wss://two.example'))
          throw new Error('LNbits went away')
        })
        throw new Error('not reached')
      },
    })
    await expect(run('wallets.test', { id: '018f0000-0000-7000-8000-000000000000' }, ctx)).rejects.toThrow('LNbits went away')
    expect(await count('relays')).toBe(1)
    expect(delivered).toEqual([relayEvent('wss://one.example')])
  })

  it('an own command cannot open a step inside a step, nor use a step after it ended', async () => {
    let kept: { emit(e: PushEvent): void; audit(e: object): Promise<void> } | undefined
    const { run, count } = setup({
      'wallets.test': async (_args, env) => {
        await env.transaction(async (tx) => {
          kept = tx as never
          await expect(env.transaction(async () => undefined)).rejects.toThrow(/inside another/)
        })
        expect(() => kept!.emit(relayEvent('wss://late.example'))).toThrow(/after it ended/)
        await expect(kept!.audit({ entity: 'relay', entity_id: 'x', before: null, after: null })).rejects.toThrow(/after it ended/)
        return {} as never
      },
    })
    await run('wallets.test', { id: '018f0000-0000-7000-8000-000000000000' }, ctx)
    expect(await count('audit_log')).toBe(0)
  })

  it('a read command gets neither audit nor transaction, and an own command no audit outside a step', async () => {
    const seen: Record<string, string[]> = {}
    const { run } = setup({
      'relays.list': async (_args, env) => {
        seen.read = ['audit', 'transaction'].filter((k) => k in env)
        return []
      },
      'wallets.test': async (_args, env) => {
        seen.own = ['audit', 'transaction'].filter((k) => k in env)
        return {} as never
      },
    })
    await run('relays.list', {}, ctx)
    await run('wallets.test', { id: '018f0000-0000-7000-8000-000000000000' }, ctx)
    expect(seen).toEqual({ read: [], own: ['transaction'] })
  })

  it('an unexpected error says truthfully what was kept: nothing of a write command, the finished steps of an own one', () => {
    expect(toErrorBody(new Error('disk full'), 'write')).toEqual({
      code: 'internal',
      message: 'Unexpected error: disk full. Nothing was changed.',
    })
    expect(toErrorBody(new Error('disk full'), 'own').message).toMatch(
      /^Unexpected error: disk full\. The steps finished before it are kept/,
    )
  })
})

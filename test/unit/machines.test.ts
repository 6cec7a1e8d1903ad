import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Core } from '../../src-main/core/core'
import { openLedger } from '../../src-main/core/ledger/open'
import { verifyAuditChain } from '../../src-main/core/audit/log'
import { SETTING } from '../../src-main/core/settings/store'
import type { Machine } from '../../src-shared/domain/machine'
import type { ArgsOf, CommandName, Page } from '../../src-shared/contract/commands'
import { ok as call } from '../support/ledger-fixture'
import { machineArgs, testCore } from '../support/core'
import { newPubkey } from '../support/keys'

let t: ReturnType<typeof testCore>
let core: Core
const ctx = { actor: 'test' }
beforeEach(() => {
  t = testCore()
  core = t.core
})
afterEach(() => t.dispose())

const ok = <N extends CommandName>(name: N, args: ArgsOf<N>) => call(core, name, args)

/** Rows in every table a machines.create touches: a refusal must leave all of them as they were. */
async function footprint(): Promise<{ machines: number; audit: number }> {
  const list = await ok('machines.list', { limit: 500 })
  const ledger = openLedger({ dataDir: t.dataDir, now: () => '' })
  const audit = (ledger.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n
  await ledger.close()
  return { machines: list.items.length, audit }
}

async function refused(args: unknown, code: string, path?: string): Promise<string> {
  const before = await footprint()
  const r = await core.call('machines.create', args, ctx)
  expect(r.ok).toBe(false)
  if (r.ok) return ''
  expect(r.error.code).toBe(code)
  if (path) expect(r.error.issues?.map((i) => i.path)).toContain(path)
  expect(await footprint()).toEqual(before)
  return r.error.message
}

describe('machines.create', () => {
  it('stores canonical values and returns them', async () => {
    const key = newPubkey()
    const m = await ok(
      'machines.create',
      machineArgs({ machine_npub: key.npub, fiat_code: ' gtq ', operator_cash_in_fee_fraction: '0.03', name: '  Lobby  ' }),
    )
    expect(m).toMatchObject({
      name: 'Lobby',
      machine_pubkey: key.hex,
      machine_npub: key.npub,
      fiat_code: 'GTQ',
      operator_cash_in_fee_fraction: '0.0300',
      operator_cash_out_fee_fraction: '0.0350',
      is_active: true,
    })
    expect(await ok('machines.get', { id: m.id })).toEqual(m)
  })

  it('accepts hex as well as npub, and the boundaries 0 and 0.15', async () => {
    const key = newPubkey()
    const m = await ok(
      'machines.create',
      machineArgs({ machine_npub: key.hex, operator_cash_in_fee_fraction: '0', operator_cash_out_fee_fraction: '0.15' }),
    )
    expect(m.machine_npub).toBe(key.npub)
    expect(m.operator_cash_out_fee_fraction).toBe('0.1500')
  })

  it('writes one audit row per create, chained', async () => {
    await ok('machines.create', machineArgs())
    await ok('machines.create', machineArgs())
    const ledger = openLedger({ dataDir: t.dataDir, now: () => '' })
    expect(await verifyAuditChain(ledger.db)).toEqual({ rows: 2, brokenAt: null, cut: null })
    const rows = ledger.raw.prepare('SELECT actor, command, entity, before_json FROM audit_log').all()
    expect(rows).toEqual([
      { actor: 'test', command: 'machines.create', entity: 'machine', before_json: null },
      { actor: 'test', command: 'machines.create', entity: 'machine', before_json: null },
    ])
    // Tampering with a row is detectable (bypassing the append-only trigger on purpose).
    ledger.raw.exec('DROP TRIGGER audit_log_append_only_update')
    ledger.raw.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`).run()
    expect(await verifyAuditChain(ledger.db)).toEqual({ rows: 2, brokenAt: 1, cut: null })
    await ledger.close()
  })

  it('pushes a machines.changed event after the write commits', async () => {
    const seen: unknown[] = []
    core.onEvent((e) => seen.push(e))
    const m = await ok('machines.create', machineArgs())
    expect(seen).toEqual([{ name: 'machines.changed', payload: { id: m.id } }])
    await core.call('machines.create', machineArgs({ name: '' }), ctx)
    expect(seen).toHaveLength(1)
  })

  describe('refuses bad input with a typed error and writes nothing', () => {
    it.each([
      ['name', { name: '' }, 'is required'],
      ['name', { name: 'x'.repeat(81) }, 'at most 80'],
      ['name', { name: 42 }, 'must be text'],
      ['location', { location: 'x'.repeat(201) }, 'at most 200'],
      ['machine_npub', { machine_npub: 'npub1notakey' }, 'not a valid npub'],
      ['machine_npub', { machine_npub: '' }, 'is required'],
      ['fiat_code', { fiat_code: 'ZZZ' }, 'ISO 4217'],
      ['operator_cash_in_fee_fraction', { operator_cash_in_fee_fraction: 0.03 }, 'decimal string'],
      ['operator_cash_in_fee_fraction', { operator_cash_in_fee_fraction: '0.03001' }, 'more than 4 decimal places'],
      ['operator_cash_out_fee_fraction', { operator_cash_out_fee_fraction: '0.1501' }, 'between 0 and 0.15'],
      ['operator_cash_out_fee_fraction', { operator_cash_out_fee_fraction: '-0.01' }, 'decimal string'],
      ['fiat_code', { fiat_code: undefined }, 'is required'],
    ])('%s: %j', async (path, override, text) => {
      const args: Record<string, unknown> = machineArgs(override)
      for (const [k, v] of Object.entries(override)) if (v === undefined) delete args[k]
      const message = await refused(args, 'invalid_args', path)
      expect(message).toContain(`${path} `)
      expect(message).toContain(text === 'is required' && path === 'fiat_code' ? 'is required' : text)
    })

    it('unknown fields (typos) are named', async () => {
      await refused(machineArgs({ machine_pubkey: 'x' }), 'invalid_args', 'machine_pubkey')
    })

    it('args that are not an object', async () => {
      await refused('nope', 'invalid_args')
      await refused([1], 'invalid_args')
    })

    it('the fee cap on super + operator, naming the direction and the numbers', async () => {
      const ledger = openLedger({ dataDir: t.dataDir, now: () => '' })
      await sql`UPDATE super_config SET super_cash_out_fee_parts = 500, super_cash_in_fee_parts = 100`.execute(ledger.db)
      await ledger.close()
      const message = await refused(
        machineArgs({ operator_cash_out_fee_fraction: '0.1100' }),
        'fee_cap_exceeded',
        'operator_cash_out_fee_fraction',
      )
      expect(message).toContain('cash_out fee would be 0.1600 (super 0.0500 + operator 0.1100)')
      expect(message).toContain('at most 0.1000')
      await refused(machineArgs({ operator_cash_in_fee_fraction: '0.1401' }), 'fee_cap_exceeded', 'operator_cash_in_fee_fraction')
      await ok('machines.create', machineArgs({ operator_cash_out_fee_fraction: '0.1000', operator_cash_in_fee_fraction: '0.14' })) // exactly at the cap
    })

    it("a key already used by another machine, or the operator's or platform's own key", async () => {
      const key = newPubkey()
      await ok('machines.create', machineArgs({ machine_npub: key.npub }))
      expect(await refused(machineArgs({ machine_npub: key.hex }), 'conflict', 'machine_npub')).toContain('already uses this public key')

      const operator = newPubkey()
      const platform = newPubkey()
      const ledger = openLedger({ dataDir: t.dataDir, now: () => '' })
      ledger.raw
        .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?), (?, ?, ?)')
        .run(SETTING.operatorPubkey, JSON.stringify(operator.hex), 'x', SETTING.platformPubkey, JSON.stringify(platform.hex), 'x')
      await ledger.close()
      expect(await refused(machineArgs({ machine_npub: operator.npub }), 'conflict', 'machine_npub')).toContain("operator's own Nostr key")
      expect(await refused(machineArgs({ machine_npub: platform.npub }), 'conflict', 'machine_npub')).toContain("platform's Nostr key")
    })
  })
})

describe('machines.list and machines.get', () => {
  it('pages through machines in creation order with an opaque cursor', async () => {
    const created: Machine[] = []
    for (let i = 0; i < 7; i++) created.push(await ok('machines.create', machineArgs({ name: `ATM ${i}` })))
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: Page<Machine> = await ok('machines.list', { limit: 3, cursor })
      seen.push(...page.items.map((m) => m.name))
      cursor = page.next_cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(created.map((m) => m.name))
  })

  it('refuses a forged cursor and a silly limit', async () => {
    const a = await core.call('machines.list', { cursor: 'not-a-cursor' }, ctx)
    expect(a).toMatchObject({ ok: false, error: { code: 'invalid_args', issues: [{ path: 'cursor' }] } })
    const b = await core.call('machines.list', { limit: 0 }, ctx)
    expect(b).toMatchObject({ ok: false, error: { code: 'invalid_args', issues: [{ path: 'limit' }] } })
  })

  it('get of an unknown id is not_found', async () => {
    const r = await core.call('machines.get', { id: 'nope' }, ctx)
    expect(r).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No machine with id nope.', message_id: 'machines.not_found', params: { id: 'nope' } },
    })
  })
})

describe('machines.feeConfig', () => {
  it('shows the last fee config queued for the ATM, and whether it says what the machine says now', async () => {
    const m = await ok('machines.create', machineArgs({ operator_cash_in_fee_fraction: '0.03', operator_cash_out_fee_fraction: '0.05' }))
    const first = await ok('machines.feeConfig', { id: m.id })
    expect(first.current).toEqual({
      v: 1,
      fiat_code: m.fiat_code,
      cash_in: { super: '0.0000', operator: '0.0300', total: '0.0300' },
      cash_out: { super: '0.0000', operator: '0.0500', total: '0.0500' },
    })
    expect(first.last).toMatchObject({ status: 'intent', d_tag: `bitspire-fees:${m.machine_pubkey}`, content: first.current, relays: [] })
    expect(first.in_step).toBe(true)

    // a name edit sends nothing; a fee edit queues a new config, which becomes the last one
    await ok('machines.update', { id: m.id, name: 'Renamed' })
    expect((await ok('machines.feeConfig', { id: m.id })).last?.id).toBe(first.last?.id)
    await ok('machines.update', { id: m.id, operator_cash_out_fee_fraction: '0.04' })
    const second = await ok('machines.feeConfig', { id: m.id })
    expect(second.last?.id).not.toBe(first.last?.id)
    expect(second.last?.content.cash_out).toEqual({ super: '0.0000', operator: '0.0400', total: '0.0400' })
    expect(second.in_step).toBe(true)

    // a platform fee the ATM was not told of (it was inactive then) shows as out of step, until it is reactivated
    await ok('machines.update', { id: m.id, is_active: false })
    const ledger = openLedger({ dataDir: t.dataDir, now: () => '' })
    ledger.raw.prepare('UPDATE super_config SET super_cash_in_fee_parts = 100').run()
    await ledger.close()
    const third = await ok('machines.feeConfig', { id: m.id })
    expect(third.current.cash_in).toEqual({ super: '0.0100', operator: '0.0300', total: '0.0400' })
    expect(third.in_step).toBe(false)
    await ok('machines.update', { id: m.id, is_active: true })
    const fourth = await ok('machines.feeConfig', { id: m.id })
    expect(fourth.last?.id).not.toBe(second.last?.id)
    expect(fourth.last?.content).toEqual(third.current)
    expect(fourth.in_step).toBe(true)
    // reactivating a machine the ATM is in step with sends nothing
    await ok('machines.update', { id: m.id, is_active: false })
    await ok('machines.update', { id: m.id, is_active: true })
    expect((await ok('machines.feeConfig', { id: m.id })).last?.id).toBe(fourth.last?.id)
    // an active machine out of step (as one reactivated by an earlier version would be) is sent its fees with any edit
    const again = openLedger({ dataDir: t.dataDir, now: () => '' })
    again.raw.prepare('UPDATE super_config SET super_cash_in_fee_parts = 200').run()
    await again.close()
    expect((await ok('machines.feeConfig', { id: m.id })).in_step).toBe(false)
    await ok('machines.update', { id: m.id, location: 'Lobby, 2nd floor' })
    const fifth = await ok('machines.feeConfig', { id: m.id })
    expect(fifth).toMatchObject({ in_step: true, last: { content: { cash_in: { super: '0.0200' } } } })
  })

  it('of an unknown machine is not_found', async () => {
    expect(await core.call('machines.feeConfig', { id: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})

describe('the dispatcher', () => {
  it('refuses an unknown command with a typed error', async () => {
    const r = await core.call('machines.explode', {}, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
  })

  it('answers unavailable once closed', async () => {
    await core.close()
    expect(await core.call('machines.list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })
})

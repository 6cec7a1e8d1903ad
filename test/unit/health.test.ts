import { translate } from '../../src-shared/messages'
import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import { machineArgs } from '../support/core'
import type { Health } from '../../src-shared/domain/health'
import type { PushEvent } from '../../src-shared/contract/events'

// health.get: each check from the ledger as it stands, with what it means and what to do.
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})
const state = (h: Health, id: string) => h.checks.find((c) => c.id === id)

describe('health.get', () => {
  it('a new install: what is not set up yet is said, with the screen that does it', async () => {
    const core = fakePaidLedger(cleanup).open()
    const h = await ok(core, 'health.get', {})
    expect(h.overall).toBe('warning')
    expect(state(h, 'processing')).toMatchObject({ state: 'ok' })
    expect(state(h, 'signer')).toMatchObject({
      state: 'warning',
      title: 'No signer',
      screen: '/settings',
      action: expect.stringContaining('Create or import a key'),
    })
    expect(state(h, 'relays')).toMatchObject({ state: 'warning', title: 'No relay' })
    expect(state(h, 'backup')).toMatchObject({ state: 'warning', title: 'Never backed up' })
    expect(state(h, 'reconcile')).toMatchObject({ state: 'unknown', title: 'Never reconciled' })
    expect(h.checks.every((c) => c.title && c.detail && c.screen.startsWith('/'))).toBe(true)
    expect(h.checks.filter((c) => c.state !== 'ok').every((c) => c.action.length > 0)).toBe(true)
  })

  it('finds a machine without a wallet, a pause, a deposit pending too long, a failed leg stuck, a cut audit log; and says when each is back', async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    const { lps, machine } = await fundedMachine(core)
    expect(state(await ok(core, 'health.get', {}), `machine:${machine.id}`)).toMatchObject({
      state: 'problem',
      title: expect.stringContaining('no wallet bound'),
    })

    await ok(core, 'processing.pause', { reason: 'counting cash' })
    expect(state(await ok(core, 'health.get', {}), 'processing')).toMatchObject({
      state: 'warning',
      detail: expect.stringContaining('counting cash'),
    })
    await ok(core, 'processing.resume', {})

    await ok(core, 'deposits.create', { client_id: lps[0]!.id, machine_id: machine.id, amount: 5_000 })
    l.world.fault = (step, leg) => (step === 'pay-before' && leg.leg_type === 'dca' ? 'fail' : 'ok')
    await ok(core, 'settlements.process', {})
    let h = await ok(core, 'health.get', {})
    expect(state(h, 'deposits')).toMatchObject({ state: 'ok' })
    expect(state(h, 'legs')).toMatchObject({ state: 'ok' }) // failed just now: not stuck yet
    expect(state(h, 'settlements')).toMatchObject({ state: 'problem', detail: expect.stringContaining('1 errored settlement') })
    l.clock.advanceMinutes(49 * 60)
    h = await ok(core, 'health.get', {})
    expect(state(h, 'deposits')).toMatchObject({
      state: 'warning',
      detail: expect.stringContaining('1 deposit pending for more than 48 hours'),
    })
    expect(state(h, 'legs')).toMatchObject({ state: 'problem', detail: expect.stringMatching(/failed for more than 15 minutes/) })
    expect(h.overall).toBe('problem')

    // the thresholds are settings
    await ok(core, 'settings.update', { alert_deposit_hours: 72 })
    expect(state(await ok(core, 'health.get', {}), 'deposits')).toMatchObject({ state: 'ok' })

    const raw = new BetterSqlite3(core.ledgerPath)
    raw.exec('DROP TRIGGER IF EXISTS audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)')
    raw.close()
    expect(state(await ok(core, 'health.get', {}), 'audit')).toMatchObject({ state: 'problem', title: 'The audit log was cut or changed' })
    // a new row after the cut does not hide it
    await ok(core, 'machines.create', machineArgs({ name: 'After the cut' }))
    expect(state(await ok(core, 'health.get', {}), 'audit')).toMatchObject({ state: 'problem' })
    expect(await ok(core, 'audit.verify', {})).toMatchObject({
      intact: false,
      cut_short: { known_from: expect.stringContaining('noticed') },
    })

    await ok(core, 'backup.create', {})
    expect(state(await ok(core, 'health.get', {}), 'backup')).toMatchObject({ state: 'ok' })
  })
})

describe('alerts', () => {
  it('are raised once a condition has held two rounds, never repeated while unchanged, and cleared with a back-to-normal entry', async () => {
    const core = fakePaidLedger(cleanup).open()
    const events: PushEvent[] = []
    core.onEvent((e) => events.push(e))
    expect((await ok(core, 'sync.run', { process: false })).alerts).toEqual({ raised: 0, cleared: 0 }) // one bad reading is not an alert
    expect((await ok(core, 'sync.run', { process: false })).alerts).toEqual({ raised: 4, cleared: 0 })
    const raised = await ok(core, 'alerts.list', { open: true })
    expect(raised.map((a) => a.check_id).sort()).toEqual(['backup', 'relays', 'secrets', 'signer'])
    expect(events.filter((e) => e.name === 'alerts.changed')).toEqual([
      {
        name: 'alerts.changed',
        payload: { raised: expect.arrayContaining([expect.objectContaining({ title: 'Never backed up', state: 'warning' })]), cleared: 0 },
      },
    ])
    expect((await ok(core, 'sync.run', { process: false })).alerts).toEqual({ raised: 0, cleared: 0 }) // unchanged: not again
    // a raised alert keeps its words' message ids, so the Today page says it in Spanish too
    const backup = raised.find((a) => a.check_id === 'backup')!
    expect(backup.refs?.title).toMatchObject({ message_id: expect.stringMatching(/^health\./) })
    expect(translate(backup.refs!.title, 'en', '')).toBe(backup.title)
    expect(translate(backup.refs!.detail, 'en', '')).toBe(backup.detail)
    expect(translate(backup.refs!.title, 'es', '')).toBe('Nunca se ha hecho una copia de seguridad')

    await ok(core, 'backup.create', {})
    expect((await ok(core, 'sync.run', { process: false })).alerts).toEqual({ raised: 0, cleared: 1 })
    const [back] = await ok(core, 'alerts.list', { limit: 1 })
    expect(back).toMatchObject({
      check_id: 'backup',
      kind: 'cleared',
      state: 'ok',
      detail: expect.stringMatching(/^Back to normal: Last backup /),
    })
    expect(back).not.toHaveProperty('refs')

    // seen: acknowledged, audited, no longer open
    const signer = raised.find((a) => a.check_id === 'signer')!
    expect(await ok(core, 'alerts.ack', { id: signer.id })).toMatchObject({ acked_by: 'test', acked_at: expect.any(String) })
    expect((await ok(core, 'alerts.list', { open: true })).map((a) => a.check_id)).toEqual(['relays', 'secrets'])
    expect((await ok(core, 'audit.list', { entity: 'alert', limit: 5 })).items).toHaveLength(1)
    expect(await core.call('alerts.ack', { id: 'nope' }, { actor: 'test' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})

describe('today.get', () => {
  it("sums the operator's day and week per machine, the LP fiat left, and what is still to set up", async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    const empty = await ok(core, 'today.get', {})
    expect(empty.setup).toEqual({ machine: false, wallet: false, relay: false, signer: false, platform_key: false, first_lp: false })
    expect(empty.machines).toEqual([])

    const { machine, settlement } = await fundedMachine(core)
    await ok(core, 'settlements.process', {})
    const detail = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    // Guatemala (UTC-6): the test clock's 10:00 UTC is 04:00 there, the same day
    const today = await ok(core, 'today.get', { utc_offset_minutes: -360 })
    expect(today.day_starts_at).toBe('2026-11-22T06:00:00.000Z')
    expect(today.setup).toMatchObject({ machine: true, first_lp: true, wallet: false })
    const balances = await Promise.all(
      (await ok(core, 'clients.list', { machine_id: machine.id, limit: 10 })).items.map((c) => ok(core, 'clients.balance', { id: c.id })),
    )
    expect(today.machines).toEqual([
      {
        machine_id: machine.id,
        name: machine.name,
        fiat_code: 'GTQ',
        today: { sales: 1, sats: 266_800, fiat: 150_000, commission_sats: detail.commission_sats },
        week: { sales: 1, sats: 266_800, fiat: 150_000, commission_sats: detail.commission_sats },
        lp_remaining_fiat: balances.reduce((a, b) => a + b.remaining_fiat, 0),
      },
    ])
    // three hours on, far east of UTC (+13:00) it is already the next day: the sale was yesterday, still this week
    l.clock.advanceMinutes(180)
    const tokyo = await ok(core, 'today.get', { utc_offset_minutes: 13 * 60 })
    expect(tokyo.machines[0]).toMatchObject({ today: { sales: 0 }, week: { sales: 1 } })
    expect(tokyo.open_alerts).toEqual([])
    expect(tokyo.health.checks.length).toBeGreaterThan(5)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import type { SettlementDetail } from '../../src-shared/domain/settlement'
import { type FakeLightning, type Step } from '../support/fake-lightning'
import { coreAt, ctx, fakePaidLedger, fundedMachine, ok, markVerified } from '../support/ledger-fixture'
import { tempDir } from '../support/tmp'
import { DATA_KEY_FILE } from '../../src-main/core/secrets/data-key'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const setup = () => fakePaidLedger(cleanup)

const MONEY = new Set(['super_fee', 'operator_split', 'dca', 'balance_settlement'])

/** Every money leg of the settlement was paid exactly once, for exactly its amount, and the ledger says completed. */
function expectPaidExactlyOnce(detail: SettlementDetail, world: FakeLightning): void {
  const paid = world.paidByLeg()
  const money = detail.legs.filter((l) => MONEY.has(l.leg_type) && l.status !== 'voided')
  expect(money.length).toBeGreaterThan(0)
  for (const leg of money) {
    expect({ leg: leg.target_label, ...paid.get(leg.id) }).toEqual({ leg: leg.target_label, count: 1, sats: leg.amount_sats })
    expect(leg.status).toBe('completed')
  }
  // nothing paid that is not a leg of the ledger
  expect([...paid.keys()].every((id) => money.some((l) => l.id === id))).toBe(true)
  expect(detail.legs.filter((l) => l.status !== 'voided').reduce((a, l) => a + l.amount_sats, 0)).toBe(
    detail.dispensed_sats ?? detail.crypto_atoms,
  )
}

describe('the processor', () => {
  it('plans, pays every leg once and completes; a second run does nothing', async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement, lps } = await fundedMachine(core)
    const r = await ok(core, 'settlements.process', { settlement_id: settlement.id })
    expect(r.processed).toEqual([{ settlement_id: settlement.id, status: 'completed', error: null }])
    const detail = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expectPaidExactlyOnce(detail, world)
    expect(detail.legs.map((l) => l.leg_type)).toEqual(['operator_split', 'operator_split', 'dca', 'dca', 'operator_principal'])
    const again = await core.call('settlements.process', { settlement_id: settlement.id }, ctx)
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await ok(core, 'settlements.process', {})).toEqual({ processed: [], waiting: [] })
    expectPaidExactlyOnce(await ok(core, 'settlements.get', { settlement_id: settlement.id }), world)
    // the LPs' balances went down by exactly their fiat shares
    const ana = await ok(core, 'clients.balance', { id: lps[0]!.id })
    const anaDca = detail.legs.find((l) => l.leg_type === 'dca' && l.client_id === lps[0]!.id)!
    expect(ana).toMatchObject({
      confirmed_deposits: 60_000,
      dca_received_fiat: anaDca.amount_fiat,
      dca_received_sats: anaDca.amount_sats,
      remaining_fiat: 60_000 - anaDca.amount_fiat!,
    })
  })

  it('a refused payment fails its leg only; retry pays just that leg', async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement } = await fundedMachine(core)
    world.fault = (step, leg) => (step === 'pay-before' && leg.target === 'partner@example.com' ? 'fail' : 'ok')
    const r = await ok(core, 'settlements.process', { settlement_id: settlement.id })
    expect(r.processed[0]).toMatchObject({ status: 'errored', error: expect.stringContaining('Partner: no route to the destination') })
    const errored = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(errored.legs.map((l) => l.status)).toEqual(['failed', 'completed', 'completed', 'completed', 'completed'])
    world.fault = () => 'ok'
    const retried = await ok(core, 'settlements.retry', { settlement_id: settlement.id })
    expect(retried.status).toBe('completed')
    expectPaidExactlyOnce(retried, world)
  })

  it('a payment whose outcome is unknown stays in flight; retry asks before paying', async () => {
    for (const step of ['pay-before', 'pay-after'] as const) {
      const { world, open } = setup()
      const core = open()
      const { settlement } = await fundedMachine(core)
      world.fault = (s, leg) => (s === step && leg.leg_type === 'dca' ? 'timeout' : 'ok')
      const r = await ok(core, 'settlements.process', { settlement_id: settlement.id })
      expect(r.processed[0]!.status).toBe('errored')
      const mid = await ok(core, 'settlements.get', { settlement_id: settlement.id })
      expect(mid.legs.filter((l) => l.leg_type === 'dca').map((l) => [l.status, l.error?.startsWith('Payment outcome unknown')])).toEqual([
        ['in_flight', true],
        ['in_flight', true],
      ])
      world.fault = () => 'ok'
      const retried = await ok(core, 'settlements.retry', { settlement_id: settlement.id })
      expect(retried.status).toBe('completed')
      expectPaidExactlyOnce(retried, world)
    }
  })

  it("retry pays an LP's corrected destination, not the one that failed", async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement, lps } = await fundedMachine(core)
    world.fault = (step, leg) => (step === 'invoice-before' && leg.destination?.value === 'beto@example.com' ? 'fail' : 'ok')
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    await ok(core, 'clients.update', { id: lps[1]!.id, payout_destination: 'beto@fixed.example.com' })
    // the new destination was checked live (here, by hand: these addresses are not reachable)
    markVerified(core, lps[1]!.id)
    const done = await ok(core, 'settlements.retry', { settlement_id: settlement.id })
    expect(done.status).toBe('completed')
    expect(done.legs.find((l) => l.client_id === lps[1]!.id)!.target).toBe('beto@fixed.example.com')
    expect([...world.invoices.values()].filter((i) => i.paid > 0).map((i) => i.destination)).toContain('beto@fixed.example.com')
    expectPaidExactlyOnce(done, world)
  })

  it("an LP's destination never found working is checked before its first payment: offline, that LP's legs wait, the others are paid", async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement, machine } = await fundedMachine(core)
    // Carla was onboarded offline: well-formed, never checked (and here unreachable: no network)
    const carla = await ok(core, 'clients.create', { machine_id: machine.id, name: 'Carla', payout_destination: 'carla@example.com' })
    const d = await ok(core, 'deposits.create', { client_id: carla.id, machine_id: machine.id, amount: 50_000 })
    await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
    const [r] = (await ok(core, 'settlements.process', { settlement_id: settlement.id })).processed
    expect(r!.status).toBe('errored')
    const mid = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    const carlas = mid.legs.filter((l) => l.client_id === carla.id)
    expect(carlas.length).toBeGreaterThan(0)
    expect(
      carlas.every(
        (l) => l.status === 'planned' && /Carla's destination could not be checked before its first payment/.test(l.error ?? ''),
      ),
    ).toBe(true)
    expect(mid.legs.filter((l) => l.client_id !== carla.id && MONEY.has(l.leg_type)).every((l) => l.status === 'completed')).toBe(true)
    expect([...world.invoices.values()].some((i) => i.destination === 'carla@example.com')).toBe(false)
    // online again, her destination verifies: the retry pays her, and nobody twice
    markVerified(core, carla.id)
    expectPaidExactlyOnce(await ok(core, 'settlements.retry', { settlement_id: settlement.id }), world)
  })

  it('an invoice that cannot be made fails the leg without paying; retry makes a new one', async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement } = await fundedMachine(core)
    world.fault = (s, leg) => (s === 'invoice-before' && leg.leg_type === 'dca' ? 'fail' : 'ok')
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const mid = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(mid.legs.filter((l) => l.leg_type === 'dca').every((l) => l.status === 'failed' && l.error?.includes('No invoice'))).toBe(true)
    world.fault = () => 'ok'
    expectPaidExactlyOnce(await ok(core, 'settlements.retry', { settlement_id: settlement.id }), world)
  })

  it('a destination that cannot be unsealed (wrong data key) pays nothing and says why', async () => {
    const { world, dir } = setup()
    const writer = coreAt(dir.path, { payer: world.payer() })
    const { settlement } = await fundedMachine(writer)
    await writer.close()
    writeFileSync(join(dir.path, DATA_KEY_FILE), Buffer.alloc(32, 7)) // another folder's key
    const wrongKey = coreAt(dir.path, { payer: world.payer() })
    cleanup.push(() => wrongKey.close())
    const r = await ok(wrongKey, 'settlements.process', { settlement_id: settlement.id })
    expect(r.processed[0]).toMatchObject({ status: 'errored', error: expect.stringContaining('Cannot read the destination') })
    expect(world.paidByLeg().size).toBe(0)
  })

  it('a platform fee with no destination errors the settlement at planning, and retry plans again once it is set', async () => {
    const { world, open, dir } = setup()
    const core = open()
    const db = new (await import('better-sqlite3')).default(`${dir.path}/ledger.sqlite`)
    db.prepare('UPDATE super_config SET super_cash_out_fee_parts = 100').run()
    db.close()
    const { settlement } = await fundedMachine(core)
    const r = await ok(core, 'settlements.process', { settlement_id: settlement.id })
    expect(r.processed[0]).toMatchObject({ status: 'errored', error: expect.stringContaining('the platform fee has no destination set') })
    expect((await ok(core, 'settlements.get', { settlement_id: settlement.id })).legs).toEqual([])
    const key = JSON.stringify('ab'.repeat(32))
    const db2 = new (await import('better-sqlite3')).default(`${dir.path}/ledger.sqlite`)
    db2
      .prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('platform.pubkey', ?, 'x'), ('signer.operator_pubkey', ?, 'x')")
      .run(key, key)
    db2.close()
    await ok(core, 'superConfig.update', { fee_destination: 'platform@example.com' })
    const done = await ok(core, 'settlements.retry', { settlement_id: settlement.id })
    expect(done.status).toBe('completed')
    expect(done.legs.map((l) => l.leg_type)).toContain('super_fee')
    expectPaidExactlyOnce(done, world)
  })

  it("refuses to process before the machine's wallet is bound, changing nothing", async () => {
    const dir = tempDir()
    cleanup.push(() => dir.remove())
    const core = coreAt(dir.path)
    cleanup.push(() => core.close())
    const { settlement } = await fundedMachine(core)
    expect(await core.call('settlements.process', { settlement_id: settlement.id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('wallets.bind') },
    })
    expect(await ok(core, 'settlements.process', {})).toEqual({
      processed: [],
      waiting: [{ settlement_id: settlement.id, reason: expect.stringContaining('bind it first') }],
    }) // the batch leaves it for later
    expect((await ok(core, 'settlements.get', { settlement_id: settlement.id })).status).toBe('pending')
  })

  it('two processors racing for one settlement: one claims it, every leg is paid once', async () => {
    const { world, open } = setup()
    const a = open()
    const b = open()
    const { settlement } = await fundedMachine(a)
    world.delayMs = 5
    const [ra, rb] = await Promise.all([ok(a, 'settlements.process', {}), ok(b, 'settlements.process', {})])
    expect([...ra.processed, ...rb.processed]).toEqual([{ settlement_id: settlement.id, status: 'completed', error: null }])
    expectPaidExactlyOnce(await ok(a, 'settlements.get', { settlement_id: settlement.id }), world)
  })
})

describe('a processor overtaken while it is still paying', () => {
  it('force-reset + retry elsewhere while a payment is held: every leg is paid once, and the slow run stands down', async () => {
    const { world, clock, open } = setup()
    const slow = open()
    const { settlement } = await fundedMachine(slow)
    let armed = true
    world.fault = (step) => {
      if (armed && step === 'pay-before') {
        armed = false
        return 'hold' // the first payment hangs at LNbits' door
      }
      return 'ok'
    }
    const held = world.waitForHold()
    const slowRun = ok(slow, 'settlements.process', { settlement_id: settlement.id })
    await held
    const fast = open()
    clock.advanceMinutes(31)
    await ok(fast, 'settlements.forceReset', { settlement_id: settlement.id })
    expect((await ok(fast, 'settlements.retry', { settlement_id: settlement.id })).status).toBe('completed')
    world.release() // the slow run's payment request finally arrives: the invoice is already paid
    const r = await slowRun
    expect(r.processed[0]!.status).toBe('completed')
    const detail = await ok(fast, 'settlements.get', { settlement_id: settlement.id })
    expectPaidExactlyOnce(detail, world)
  })
})

describe('a processor that dies at any step', () => {
  const steps: Step[] = ['invoice-before', 'invoice-after', 'pay-before', 'pay-after']
  // The fixture's settlement has four money legs (two splits, two DCA): die on each, at each step.
  const cases = [0, 1, 2, 3].flatMap((legIndex) => steps.map((step) => ({ legIndex, step })))

  it.each(cases)('leg $legIndex, $step: after restart, recovery pays every leg exactly once', async ({ legIndex, step }) => {
    const { world, clock, open } = setup()
    const first: Core = open()
    const { settlement } = await fundedMachine(first)
    const plan = (await ok(first, 'settlements.preview', { settlement_id: settlement.id })).legs
    const victim = plan.filter((l) => l.target !== 'machine_wallet')[legIndex]!
    let armed = true
    world.fault = (s, leg) => {
      if (armed && s === step && leg.amount_sats === victim.amount_sats && leg.target === victim.target) {
        armed = false
        return 'die'
      }
      return 'ok'
    }
    const died = world.waitForDeath()
    void first.call('settlements.process', { settlement_id: settlement.id }, ctx) // never returns: this process "dies"
    await died

    // A new process on the same ledger. The settlement is stuck in processing.
    const second = open()
    const stuck = await ok(second, 'settlements.stuck', { threshold_minutes: 30 })
    expect(stuck.stuck_processing).toEqual([])
    expect(await second.call('settlements.forceReset', { settlement_id: settlement.id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    clock.advanceMinutes(31)
    expect((await ok(second, 'settlements.stuck', { threshold_minutes: 30 })).stuck_processing.map((s) => s.id)).toEqual([settlement.id])
    await ok(second, 'settlements.forceReset', { settlement_id: settlement.id })
    const recovered = await ok(second, 'settlements.retry', { settlement_id: settlement.id })
    expect(recovered.status).toBe('completed')
    expectPaidExactlyOnce(recovered, world)
  })
})

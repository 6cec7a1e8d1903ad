import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { ctx, fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const setup = () => fakePaidLedger(cleanup)

describe('the processing switch', () => {
  it('paused: nothing is claimed or paid, the refusal says who and why, and it survives a restart', async () => {
    const { world, open } = setup()
    const core = open()
    const { settlement } = await fundedMachine(core)
    const paused = await ok(core, 'processing.pause', { reason: 'cash count' })
    expect(paused).toMatchObject({ paused: true, changed_by: 'test', reason: 'cash count', pending: 1 })
    const again = open()
    expect(await ok(again, 'processing.status', {})).toMatchObject({ paused: true, reason: 'cash count' })
    const r = await again.call('settlements.process', { settlement_id: settlement.id }, ctx)
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/paused \(by test at .*\): cash count/) },
    })
    expect((await ok(again, 'settlements.get', { settlement_id: settlement.id })).status).toBe('pending')
    expect(world.invoices.size).toBe(0)
  })

  it('pausing stops payouts at once, mid-settlement; after resuming, retry pays the rest exactly once', async () => {
    const { world, open, dir } = setup()
    const core = open()
    const { settlement } = await fundedMachine(core)
    let first = true
    world.fault = (step) => {
      if (step === 'pay-after' && first) {
        first = false
        // the operator hits pause while the first payment is out (written from "another window")
        const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
        db.prepare(`INSERT OR REPLACE INTO settings (key, value_json, updated_at) VALUES ('processing.switch', ?, 'now')`).run(
          JSON.stringify({ paused: true, changed_at: 'now', changed_by: 'ui', reason: null }),
        )
        db.close()
      }
      return 'ok'
    }
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const mid = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(mid.status).toBe('errored')
    expect(mid.error).toContain('Processing was paused')
    expect(mid.legs.filter((l) => l.status === 'completed' && l.payment_hash)).toHaveLength(1)
    expect(mid.legs.filter((l) => l.status === 'planned').length).toBeGreaterThan(0)
    expect(await core.call('settlements.retry', { settlement_id: settlement.id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    await ok(core, 'processing.resume', {})
    const done = await ok(core, 'settlements.retry', { settlement_id: settlement.id })
    expect(done.status).toBe('completed')
    expect([...world.paidByLeg().values()].every((p) => p.count === 1)).toBe(true)
    expect(world.paidByLeg().size).toBe(done.legs.filter((l) => l.payment_hash).length)
  })

  it("resume 'one' pays the oldest pending settlement and stays paused", async () => {
    const { open } = setup()
    const core = open()
    const a = await fundedMachine(core)
    const b = await fundedMachine(core)
    await ok(core, 'processing.pause', {})
    const r = await ok(core, 'processing.resume', { mode: 'one' })
    expect(r).toMatchObject({ paused: true, pending: 1, ran: { settlement_id: a.settlement.id, status: 'completed' } })
    expect((await ok(core, 'settlements.get', { settlement_id: b.settlement.id })).status).toBe('pending')
  })

  it('the background loop the core runs pays pending settlements, and honours the switch', async () => {
    const { open } = setup()
    const core = open({ background: { syncIntervalMs: 20 } })
    await ok(core, 'processing.pause', {})
    const { settlement } = await fundedMachine(core)
    await new Promise((r) => setTimeout(r, 150))
    expect((await ok(core, 'settlements.get', { settlement_id: settlement.id })).status).toBe('pending')
    await ok(core, 'processing.resume', {})
    await expect
      .poll(async () => (await ok(core, 'settlements.get', { settlement_id: settlement.id })).status, { timeout: 5000 })
      .toBe('completed')
  })

  it('closing the core (even twice at once) waits for the round under way, then stops its background loop', async () => {
    const { open, world } = setup()
    let paid = 0
    // The first payment is held: the loop's round is under way when the core is asked to close.
    let first = true
    world.fault = (step) => {
      if (step === 'pay-after') paid++
      if (step === 'pay-before' && first) {
        first = false
        return 'hold'
      }
      return 'ok'
    }
    const held = world.waitForHold()
    const core = open({ background: { syncIntervalMs: 20 } })
    const { settlement } = await fundedMachine(core)
    await held
    let closed = 0
    // Asked twice (the window and the app quitting): neither closes the ledger under the round.
    const closing = Promise.all([core.close(), core.close()].map((c) => c.then(() => closed++)))
    await new Promise((r) => setTimeout(r, 100))
    expect(closed).toBe(0)
    world.release()
    await closing
    const after = paid
    await new Promise((r) => setTimeout(r, 100))
    expect(paid).toBe(after)
    // The round finished on an open ledger: what it paid is recorded, and nothing runs any more.
    const again = open()
    expect(paid).toBeGreaterThan(0)
    expect((await ok(again, 'settlements.get', { settlement_id: settlement.id })).status).toBe('completed')
  })
})

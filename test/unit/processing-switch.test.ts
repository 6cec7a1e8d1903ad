import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { startProcessingLoop } from '../../src-main/core/processing/loop'
import type { ProcessingStatus } from '../../src-shared/domain/processing'
import type { Settlement, SettlementDetail } from '../../src-shared/domain/settlement'
import { silentLogger } from '../support/core'
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
    const paused = await ok<ProcessingStatus>(core, 'processing.pause', { reason: 'cash count' })
    expect(paused).toMatchObject({ paused: true, changed_by: 'test', reason: 'cash count', pending: 1 })
    const again = open()
    expect(await ok<ProcessingStatus>(again, 'processing.status', {})).toMatchObject({ paused: true, reason: 'cash count' })
    const r = await again.call('settlements.process', { settlement_id: settlement.id }, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/paused \(by test at .*\): cash count/) } })
    expect((await ok<Settlement>(again, 'settlements.get', { settlement_id: settlement.id })).status).toBe('pending')
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
        db.prepare(`INSERT OR REPLACE INTO settings (key, value_json, updated_at) VALUES ('processing.switch', ?, 'now')`).run(JSON.stringify({ paused: true, changed_at: 'now', changed_by: 'ui', reason: null }))
        db.close()
      }
      return 'ok'
    }
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const mid = await ok<SettlementDetail>(core, 'settlements.get', { settlement_id: settlement.id })
    expect(mid.status).toBe('errored')
    expect(mid.error).toContain('Processing was paused')
    expect(mid.legs.filter((l) => l.status === 'completed' && l.payment_hash)).toHaveLength(1)
    expect(mid.legs.filter((l) => l.status === 'planned').length).toBeGreaterThan(0)
    expect(await core.call('settlements.retry', { settlement_id: settlement.id }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict' } })
    await ok(core, 'processing.resume', {})
    const done = await ok<SettlementDetail>(core, 'settlements.retry', { settlement_id: settlement.id })
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
    const r = await ok<ProcessingStatus>(core, 'processing.resume', { mode: 'one' })
    expect(r).toMatchObject({ paused: true, pending: 1, ran: { settlement_id: a.settlement.id, status: 'completed' } })
    expect((await ok<Settlement>(core, 'settlements.get', { settlement_id: b.settlement.id })).status).toBe('pending')
  })

  it('the background loop pays pending settlements, and honours the switch', async () => {
    const { open } = setup()
    const core = open()
    await ok(core, 'processing.pause', {})
    const { settlement } = await fundedMachine(core)
    const stop = startProcessingLoop(core, { intervalMs: 20, logger: silentLogger })
    cleanup.push(stop)
    await new Promise((r) => setTimeout(r, 150))
    expect((await ok<Settlement>(core, 'settlements.get', { settlement_id: settlement.id })).status).toBe('pending')
    await ok(core, 'processing.resume', {})
    await expect.poll(async () => (await ok<Settlement>(core, 'settlements.get', { settlement_id: settlement.id })).status, { timeout: 5000 }).toBe('completed')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { LnbitsError } from '../../src-main/core/lnbits/errors'
import { byReason } from '../../src-main/core/settlement/processor'
import { coreAt, ctx, fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import { tempDir } from '../support/tmp'

// Messages that must say what really happens and what to do (issue 10, item 11).

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

describe('messages that say what really happens', () => {
  it('settlements.process without a machine wallet says which settlements wait, and why', async () => {
    const dir = tempDir()
    const core = coreAt(dir.path) // the LNbits payer, and no wallet bound
    cleanup.push(
      () => dir.remove(),
      () => core.close(),
    )
    const { settlement } = await fundedMachine(core)
    const r = await ok(core, 'settlements.process', {})
    expect(r.processed).toEqual([])
    expect(r.waiting).toEqual([{ settlement_id: settlement.id, reason: expect.stringMatching(/wallet/i) }])
  })

  it('an LNbits outage does not promise that the app retries a settlement by itself', () => {
    const message = new LnbitsError('unreachable', 'LNbits at http://127.0.0.1:1 cannot be reached').message
    expect(message).not.toMatch(/retries by itself/)
    expect(message).toMatch(/waits for you to retry/)
  })

  it('legs that failed for one reason are named together: the reason is said once', async () => {
    expect(
      byReason([
        { label: 'Ana', reason: 'LNbits is down' },
        { label: 'Beto', reason: 'LNbits is down' },
        { label: 'Partner', reason: 'no route' },
      ]),
    ).toEqual(['Ana, Beto: LNbits is down', 'Partner: no route'])
    const { world, open } = fakePaidLedger(cleanup)
    const core = open()
    const { settlement } = await fundedMachine(core)
    world.fault = (step) => (step === 'invoice-before' ? 'timeout' : 'ok')
    const [r] = (await ok(core, 'settlements.process', { settlement_id: settlement.id })).processed
    expect(r!.status).toBe('errored')
    expect(r!.error!.match(/timed out \(invoice-before\)/g)).toHaveLength(1)
  })

  it('a partial dispense refused after money moved says the customer is owed the difference, not an LP', async () => {
    const { open, world } = fakePaidLedger(cleanup)
    const core = open()
    const { settlement } = await fundedMachine(core)
    // the partner's leg fails: the settlement errors with the LPs' legs already paid
    world.fault = (step, leg) => (step === 'pay-before' && leg.target.startsWith('partner') ? 'fail' : 'ok')
    expect((await ok(core, 'settlements.process', { settlement_id: settlement.id })).processed[0]!.status).toBe('errored')
    const r = await core.call('settlements.partialDispense', { settlement_id: settlement.id, dispensed_sats: 1000 }, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('cannot be clawed back') } })
    if (!r.ok) {
      expect(r.error.message).not.toMatch(/LP balance settlement/)
      expect(r.error.message).toMatch(/refund them from the machine wallet/)
    }
  })

  it("splits.get names an LP's leg by the LP's name", async () => {
    const { open } = fakePaidLedger(cleanup)
    const core = open()
    const { machine, lps } = await fundedMachine(core)
    const rules = await ok(core, 'splits.get', { machine_id: machine.id })
    expect(rules.legs.map((l) => l.label)).toEqual(['Partner', lps[0]!.name])
  })
})

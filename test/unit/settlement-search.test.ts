import { afterEach, describe, expect, it } from 'vitest'
import { coreAt, ctx, fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import type { Core } from '../../src-main/core/core'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

async function ledger(): Promise<{ core: Core; gt: string; us: string }> {
  const dir = tempDir()
  cleanup.push(() => dir.remove())
  const core = coreAt(dir.path)
  cleanup.push(() => core.close())
  const gt = (await ok(core, 'machines.create', machineArgs({ name: 'Plaza' }))).id
  const us = (await ok(core, 'machines.create', machineArgs({ name: 'Airport', fiat_code: 'USD' }))).id
  const rec = (machine_id: string, txid: string, direction: 'cash_out' | 'cash_in', crypto_atoms: number, fiat_amount: number) =>
    ok(core, 'settlements.record', { machine_id, txid, direction, crypto_atoms, fiat_amount })
  await rec(gt, 'plaza-0001', 'cash_out', 100_000, 10_000)
  await rec(gt, 'plaza-0002', 'cash_in', 50_000, 5_000)
  await rec(gt, 'PLAZA-0003', 'cash_out', 25_000, 2_500)
  await rec(us, 'air-0001', 'cash_out', 70_000, 700)
  return { core, gt, us }
}

describe('settlements: search, filters and totals', () => {
  it('narrows by words (any case, a part of the txid), machine, direction and period, and pages within the filter', async () => {
    const { core, gt } = await ledger()
    const txids = async (args: Record<string, unknown>) => (await ok(core, 'settlements.list', args as never)).items.map((s) => s.txid)
    expect(await txids({ q: 'plaza' })).toEqual(['PLAZA-0003', 'plaza-0002', 'plaza-0001'])
    expect(await txids({ q: '0001' })).toEqual(['air-0001', 'plaza-0001'])
    expect(await txids({ machine_id: gt, direction: 'cash_out' })).toEqual(['PLAZA-0003', 'plaza-0001'])
    // LIKE's own wildcards are plain characters in a search
    expect(await txids({ q: '%' })).toEqual([])
    expect(await txids({ q: '_' })).toEqual([])
    const now = new Date()
    expect(await txids({ from: new Date(now.getTime() + 60_000).toISOString() })).toEqual([])
    expect((await txids({ to: new Date(now.getTime() + 60_000).toISOString() })).length).toBe(4)
    const first = await ok(core, 'settlements.list', { q: 'plaza', limit: 2 })
    const rest = await ok(core, 'settlements.list', { q: 'plaza', limit: 2, cursor: first.next_cursor })
    expect([...first.items, ...rest.items].map((s) => s.txid)).toEqual(['PLAZA-0003', 'plaza-0002', 'plaza-0001'])
    expect(rest.next_cursor).toBeNull()
  })

  it('totals count and add what the filter takes: sats overall, fiat per currency, never across two', async () => {
    const { core, gt } = await ledger()
    expect(await ok(core, 'settlements.totals', {})).toEqual({
      count: 4,
      crypto_atoms: 245_000,
      by_currency: [
        { fiat_code: 'GTQ', count: 3, fiat_amount: 17_500 },
        { fiat_code: 'USD', count: 1, fiat_amount: 700 },
      ],
    })
    expect(await ok(core, 'settlements.totals', { machine_id: gt, direction: 'cash_out' })).toEqual({
      count: 2,
      crypto_atoms: 125_000,
      by_currency: [{ fiat_code: 'GTQ', count: 2, fiat_amount: 12_500 }],
    })
    expect(await ok(core, 'settlements.totals', { q: 'nothing like it' })).toEqual({ count: 0, crypto_atoms: 0, by_currency: [] })
    expect(await core.call('settlements.totals', { from: 'yesterday' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'from' }] },
    })
  })

  it("finds a settlement by the name of an LP it pays (once its legs are planned), and not by another's", async () => {
    const { open } = fakePaidLedger(cleanup)
    const core = open()
    const { settlement } = await fundedMachine(core)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    expect((await ok(core, 'settlements.list', { q: 'beto' })).items.map((s) => s.id)).toEqual([settlement.id])
    expect((await ok(core, 'settlements.list', { q: 'Nadie' })).items).toEqual([])
  })

  it('payments: search by LP, payee or hash, by machine, and totals of what the filter takes', async () => {
    const { open } = fakePaidLedger(cleanup)
    const core = open()
    const { settlement, machine } = await fundedMachine(core)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const all = (await ok(core, 'payments.list', {})).items
    expect(all.length).toBeGreaterThan(2)
    const beto = (await ok(core, 'payments.list', { q: 'BETO' })).items
    expect(beto.length).toBeGreaterThan(0)
    expect(beto.every((l) => l.target.toLowerCase().includes('beto') || l.client_id !== null)).toBe(true)
    expect(await ok(core, 'payments.totals', { q: 'BETO' })).toEqual({
      count: beto.length,
      amount_sats: beto.reduce((n, l) => n + l.amount_sats, 0),
    })
    expect((await ok(core, 'payments.list', { q: 'Partner' })).items.map((l) => l.target_label)).toEqual(['Partner'])
    expect((await ok(core, 'payments.list', { machine_id: machine.id })).items.length).toBe(all.length)
    expect((await ok(core, 'payments.list', { machine_id: 'another' })).items).toEqual([])
    expect(await ok(core, 'payments.totals', { q: '%' })).toEqual({ count: 0, amount_sats: 0 })
    expect(await ok(core, 'payments.totals', {})).toEqual({ count: all.length, amount_sats: all.reduce((n, l) => n + l.amount_sats, 0) })
  })
})

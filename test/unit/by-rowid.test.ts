import { describe, expect, it } from 'vitest'
import { holding, Tally } from '../../src-main/core/reconcile/tally'
import { WalletLegs } from '../../src-main/core/reconcile/wallet-legs'

// The reconciliation's arrays by rowid start small and grow as rowids come: nothing is lost when they do.
describe('arrays by rowid', () => {
  it('holding returns the same array while it fits, and a longer copy of it when not', () => {
    const a = Uint8Array.of(1, 2, 3)
    expect(holding(a, 2)).toBe(a)
    const b = holding(Float64Array.of(5, 6), 9)
    expect(b).toBeInstanceOf(Float64Array)
    expect([...b]).toEqual([5, 6, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(holding(Uint8Array.of(1, 2, 3, 4), 4)).toHaveLength(8)
  })

  it('a tally and the wallet legs keep what they held when a far rowid makes them grow', () => {
    const tally = new Tally()
    tally.add(3)
    tally.add(5_000)
    tally.add(5_000)
    expect([tally.get(3), tally.get(5_000), tally.get(4_999)]).toEqual([1, 2, 0])

    const legs = new WalletLegs()
    legs.add(7, 'completed', 2 ** 40)
    legs.add(100_000, 'in_flight', 9)
    expect(legs.hit(0, 7)).toEqual({ i: 0, rowid: 7, status: 'completed', amount_sats: 2 ** 40 })
    expect(legs.hit(1, 100_000)).toEqual({ i: 1, rowid: 100_000, status: 'in_flight', amount_sats: 9 })
    expect(legs.hit(2, 8)).toBeUndefined()
    expect([legs.legs, legs.completed]).toEqual([2, 1])
    expect(() => legs.add(9, 'voided', 1)).toThrow(/not one LNbits pays/)
    expect(() => legs.add(9, 'planned', 1.5)).toThrow(/not a whole number/)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { apportion, roundDiv } from '../../src-shared/money/apportion'

describe('roundDiv (half up)', () => {
  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [1n, 2n, 1n],
    [0n, 9n, 0n],
  ])('%d / %d = %d', (n, d, q) => expect(roundDiv(n, d)).toBe(q))

  it('matches the exact rational for big values', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 80n }), fc.bigInt({ min: 1n, max: 2n ** 60n }), (n, d) => {
        const q = roundDiv(n, d)
        // |n/d - q| <= 1/2, and exactly 1/2 rounds up
        expect(2n * n >= (2n * q - 1n) * d && 2n * n < (2n * q + 1n) * d).toBe(true)
      }),
    )
  })
})

describe('apportion (largest remainder)', () => {
  it('known answers, ties by order', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3])
    expect(apportion(100, [3333, 3333, 3334])).toEqual([33, 33, 34])
    expect(apportion(7, [0, 5, 5])).toEqual([0, 4, 3])
    expect(apportion(0, [0, 0])).toEqual([0, 0])
    expect(() => apportion(1, [0, 0])).toThrow(RangeError)
    expect(() => apportion(1.5, [1])).toThrow(RangeError)
  })

  it('parts sum to the total, stay within one of the exact share, and are deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_100_000_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 40 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0))
          const parts = apportion(total, weights)
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
          const sum = BigInt(weights.reduce((a, b) => a + b, 0))
          parts.forEach((p, i) => {
            const exact = BigInt(total) * BigInt(weights[i]!) // share * sum
            expect(BigInt(p) * sum >= exact - sum && BigInt(p) * sum <= exact + sum).toBe(true)
            if (weights[i] === 0) expect(p).toBe(0)
          })
          expect(apportion(total, weights)).toEqual(parts)
        },
      ),
    )
  })

  it('never gives a part more than its weight when total <= sum of weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, frac) => {
          const sum = weights.reduce((a, b) => a + b, 0)
          fc.pre(sum > 0)
          const total = Math.floor(sum * frac)
          apportion(total, weights).forEach((p, i) => expect(p).toBeLessThanOrEqual(weights[i]!))
        },
      ),
    )
  })
})

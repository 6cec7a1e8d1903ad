/**
 * Exact integer money math. Amounts are integers (sats, fiat minor units); products that
 * can pass 2^53 are done in BigInt. "round" is round-half-up on the exact rational.
 */

/** round(num / den) half up, for num >= 0, den > 0. */
export function roundDiv(num: bigint, den: bigint): bigint {
  if (den <= 0n || num < 0n) throw new RangeError('roundDiv needs num >= 0 and den > 0')
  return (2n * num + den) / (2n * den)
}

/**
 * Largest-remainder apportionment of `total` over non-negative integer `weights`:
 * each part is floor(total * w / W), then the units left go one each to the largest
 * remainders, ties broken by order. The parts always sum to `total` exactly, and no part
 * exceeds its exact share rounded up. With W = 0 every part is 0 (and total must be 0).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`)
  const w = weights.map((x) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`weights must be non-negative integers, got ${x}`)
    return BigInt(x)
  })
  const sum = w.reduce((a, b) => a + b, 0n)
  if (sum === 0n) {
    if (total !== 0) throw new RangeError('cannot apportion a non-zero total over zero weights')
    return weights.map(() => 0)
  }
  const t = BigInt(total)
  const floors = w.map((x) => (t * x) / sum)
  const remainders = w.map((x, i) => ({ i, r: t * x - floors[i]! * sum }))
  let left = Number(t - floors.reduce((a, b) => a + b, 0n))
  // Stable sort: equal remainders keep their order, so earlier parts win ties.
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  const parts = floors.map(Number)
  for (const { i } of remainders) {
    if (left === 0) break
    parts[i]! += 1
    left--
  }
  return parts
}

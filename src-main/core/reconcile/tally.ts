/** `a` if it holds index `at`, else a copy of it long enough (twice as long, or more): arrays by rowid grow as rowids come. */
export function holding<A extends Uint8Array | Float64Array>(a: A, at: number): A {
  if (at < a.length) return a
  const grown = new (a.constructor as new (length: number) => A)(Math.max(at + 1, a.length * 2))
  grown.set(a)
  return grown
}

/** How many payments each row got, by rowid: one byte a row, counting up to 255. */
export class Tally {
  static readonly MAX = 255
  private counts = new Uint8Array(1024)

  add(rowid: number): number {
    this.counts = holding(this.counts, rowid)
    if (this.counts[rowid]! < Tally.MAX) this.counts[rowid]! += 1
    return this.counts[rowid]!
  }

  get(rowid: number): number {
    return this.counts[rowid] ?? 0
  }
}

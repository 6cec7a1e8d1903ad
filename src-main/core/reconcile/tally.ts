/** How many payments each row got, by rowid: one byte a row, counting up to 255. */
export class Tally {
  static readonly MAX = 255
  private counts = new Uint8Array(1024)

  add(rowid: number): number {
    if (rowid >= this.counts.length) {
      const grown = new Uint8Array(Math.max(rowid + 1, this.counts.length * 2))
      grown.set(this.counts)
      this.counts = grown
    }
    if (this.counts[rowid]! < Tally.MAX) this.counts[rowid]! += 1
    return this.counts[rowid]!
  }

  get(rowid: number): number {
    return this.counts[rowid] ?? 0
  }
}

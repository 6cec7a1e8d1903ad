import { randomFillSync } from 'node:crypto'
import { v7 } from 'uuid'

/** Random bytes for 256 ids, drawn from the system's generator at once. */
const pool = new Uint8Array(16 * 256)
let used = pool.length
let msecs = -Infinity
let seq = 0

/**
 * A new ledger id: a UUID v7, ordered by time and increasing within a millisecond, as uuid's own
 * v7 makes them. uuid asks the system for 16 random bytes for every id, about 2 µs each (4 on a
 * cold path); a cash-out across 10 LPs makes 11 ids and that was a sixth of its time
 * (docs/performance.md). Here the bytes come from a pool refilled for 256 ids at a time, each byte
 * used once; the counter within a millisecond follows uuid's rule, and uuid lays out the bytes.
 */
export function newId(): string {
  if (used === pool.length) {
    randomFillSync(pool)
    used = 0
  }
  const random = pool.subarray(used, (used += 16))
  const now = Date.now()
  if (now > msecs) {
    msecs = now
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!
  } else {
    seq = (seq + 1) | 0
    if (seq === 0) msecs++
  }
  return v7({ random, msecs, seq })
}

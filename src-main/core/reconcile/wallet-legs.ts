import type { LegsTable } from '../ledger/schema'
import { holding } from './tally'
import type { LegHit } from './wallet-ledger'

const STATUSES = ['planned', 'in_flight', 'completed', 'failed'] as const satisfies readonly LegsTable['status'][]
type LnbitsStatus = (typeof STATUSES)[number]

/**
 * The legs one wallet answers for, read once before its history: each one's status and amount
 * by rowid, 9 bytes a leg. A payment's leg is then found by the id index alone, without reading
 * the leg's row or its sale's to learn whose it is: that was most of the matching's time
 * (docs/performance.md).
 */
export class WalletLegs {
  private status = new Uint8Array(1024)
  /** whole sats, as the ledger holds them: a float64 holds every integer below 2^53 exactly, as any JS number does */
  private sats = new Float64Array(1024)
  legs = 0
  completed = 0

  add(rowid: number, status: LegsTable['status'], amount_sats: number): void {
    const code = STATUSES.indexOf(status as LnbitsStatus) + 1
    if (code === 0) throw new Error(`a ${status} leg is not one LNbits pays`)
    if (!Number.isSafeInteger(amount_sats)) throw new Error(`leg ${rowid} holds ${amount_sats} sats, not a whole number`)
    this.status = holding(this.status, rowid)
    this.sats = holding(this.sats, rowid)
    if (this.status[rowid] === 0) {
      this.legs++
      if (status === 'completed') this.completed++
    }
    this.status[rowid] = code
    this.sats[rowid] = amount_sats
  }

  /** the leg of this rowid as a lookup's `i`-th key found it, if it is the wallet's */
  hit(i: number, rowid: number): LegHit | undefined {
    const code = this.status[rowid] ?? 0
    return code === 0 ? undefined : { i, rowid, status: STATUSES[code - 1]!, amount_sats: this.sats[rowid]! }
  }
}

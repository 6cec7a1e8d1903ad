import { createHash, randomBytes } from 'node:crypto'
import type { HashStatus, LegToPay, PayOutcome, Payer } from '../../src-main/core/settlement/payer'

/** What the fake Lightning network does at a step: go on, refuse, time out, or never answer (the process dies). */
export type Fault = 'ok' | 'fail' | 'timeout' | 'die' | 'hold'
export type Step = 'invoice-before' | 'invoice-after' | 'pay-before' | 'pay-after' | 'status'

interface Invoice {
  hash: string
  leg_id: string
  amount_sats: number
  destination: string
  attempted: boolean
  paid: number
}

/**
 * A stand-in for LNbits behind the engine's Payer seam (unit tests only; the LNbits payer
 * is tested against a real LNbits). Like Lightning, an invoice can be paid only once. The
 * world outlives any one "process", so a test can kill a processor and start another.
 */
export class FakeLightning {
  readonly invoices = new Map<string, Invoice>()
  fault: (step: Step, leg: LegToPay) => Fault = () => 'ok'
  /** resolves each time a processor "dies" */
  deaths: (() => void)[] = []
  delayMs = 0
  /** calls held by a 'hold' fault, released by release() */
  private held: (() => void)[] = []
  holding: (() => void)[] = []

  payer(): Payer {
    return {
      readiness: async () => null,
      createInvoice: async (leg) => {
        await this.act('invoice-before', leg)
        if (!leg.destination) throw new Error(`no destination for ${leg.target || leg.leg_type}`)
        const preimage = randomBytes(32)
        const hash = createHash('sha256').update(preimage).digest('hex')
        this.invoices.set(hash, {
          hash,
          leg_id: leg.id,
          amount_sats: leg.amount_sats,
          destination: leg.destination.value,
          attempted: false,
          paid: 0,
        })
        await this.act('invoice-after', leg)
        return { bolt11: `lnfake${hash}`, payment_hash: hash }
      },
      pay: async (leg, bolt11, hash): Promise<PayOutcome> => {
        if ((await this.act('pay-before', leg)) === 'fail') return { status: 'failed', reason: 'no route to the destination' }
        const invoice = this.invoices.get(hash)
        if (!invoice || bolt11 !== `lnfake${hash}`) return { status: 'failed', reason: 'unknown invoice' }
        invoice.attempted = true
        if (invoice.paid > 0) return { status: 'failed', reason: 'invoice already paid' }
        invoice.paid++
        if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
        await this.act('pay-after', leg)
        return { status: 'completed' }
      },
      status: async (leg, hash): Promise<HashStatus> => {
        await this.act('status', leg)
        const invoice = this.invoices.get(hash)
        if (!invoice || !invoice.attempted) return { status: 'unknown' }
        return invoice.paid > 0 ? { status: 'completed' } : { status: 'failed', reason: 'payment failed' }
      },
    }
  }

  /** Applies the fault for a step: 'fail' is returned for pay to report, thrown elsewhere. */
  private async act(step: Step, leg: LegToPay): Promise<Fault> {
    const f = this.fault(step, leg)
    if (f === 'ok') return f
    if (f === 'timeout') throw new Error(`timed out (${step})`)
    if (f === 'fail') {
      if (step === 'pay-before') return f
      throw new Error(`refused at ${step}`)
    }
    if (f === 'hold') {
      await new Promise<void>((r) => {
        this.held.push(r)
        this.holding.shift()?.()
      })
      return 'ok'
    }
    // die: never answer, like a process killed mid-call
    this.deaths.shift()?.()
    return new Promise<Fault>(() => {})
  }

  /** resolves once a call is being held */
  waitForHold(): Promise<void> {
    return new Promise((r) => this.holding.push(r))
  }

  release(): void {
    for (const r of this.held.splice(0)) r()
  }

  waitForDeath(): Promise<void> {
    return new Promise((r) => this.deaths.push(r))
  }

  /** sats paid per leg id */
  paidByLeg(): Map<string, { count: number; sats: number }> {
    const m = new Map<string, { count: number; sats: number }>()
    for (const inv of this.invoices.values()) {
      if (inv.paid === 0) continue
      const cur = m.get(inv.leg_id) ?? { count: 0, sats: 0 }
      m.set(inv.leg_id, { count: cur.count + inv.paid, sats: cur.sats + inv.amount_sats * inv.paid })
    }
    return m
  }
}

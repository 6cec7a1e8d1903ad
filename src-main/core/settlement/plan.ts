import { apportion, roundDiv } from '../../../src-shared/money/apportion'
import type { Direction, PlannedLeg } from '../../../src-shared/domain/settlement'
import { MACHINE_WALLET } from '../../../src-shared/domain/settlement'

/** Everything the planner needs, read from the ledger by the caller: the planner itself is pure. */
export interface PlanInput {
  direction: Direction
  /** C: sats of the transaction (after a partial dispense, the sats dispensed) */
  crypto_atoms: number
  /** F: fiat minor units dispensed (cash_out) */
  fiat_amount: number
  super_parts: number
  operator_parts: number
  /** discount in basis points of the whole (10% = 1000) */
  discount_bps: number
  super_destination: string | null
  /** the effective commission ruleset, in position order; empty = retained in the machine wallet */
  splits: { position: number; client_id: string | null; target: string; label: string; parts: number }[]
  /** the machine's LPs in creation order, with their remaining fiat */
  lps: { client_id: string; target: string; label: string; remaining_fiat: number }[]
}

/** Where a planned leg's destination comes from, so it can be resolved (and decrypted) when persisted. */
export type LegSource =
  { from: 'super' } | { from: 'split'; position: number } | { from: 'lp'; client_id: string } | { from: 'machine_wallet' }

export type PlanLeg = PlannedLeg & { source: LegSource }

export interface Plan {
  base_sats: number
  commission_sats: number
  legs: PlanLeg[]
  /** what the legs must sum to: C for cash_out, the commission for cash_in */
  total_sats: number
}

const ONE = 100_000_000n // fractions (1e4) x discount (1e4)

/** Base and commission of docs/design.md#settlement-math steps 1-2: B = round(C / (1 + f)), K = C - B. */
export function splitBase(c: number, superParts: number, operatorParts: number, discountBps: number): { base: number; commission: number } {
  const feeNum = BigInt(superParts + operatorParts) * BigInt(10_000 - discountBps) // f = feeNum / 1e8
  const base = Number(roundDiv(BigInt(c) * ONE, ONE + feeNum))
  return { base, commission: c - base }
}

/**
 * docs/design.md#settlement-math, exactly: integers only, largest remainder for every split, legs in a fixed
 * order (super fee, commission splits or retained, DCA by LP, operator principal), zero-sat
 * legs left out, and the sum checked before anyone persists the plan.
 */
export function planSettlement(input: PlanInput): Plan {
  const C = input.crypto_atoms
  const { base: B, commission: K } = splitBase(C, input.super_parts, input.operator_parts, input.discount_bps)
  const feeParts = input.super_parts + input.operator_parts
  const S = feeParts === 0 ? 0 : Number(roundDiv(BigInt(K) * BigInt(input.super_parts), BigInt(feeParts)))
  const O = K - S
  const legs: PlanLeg[] = []
  const push = (leg: PlanLeg) => {
    if (leg.amount_sats > 0) legs.push(leg)
  }

  push({
    leg_type: 'super_fee',
    client_id: null,
    target: input.super_destination ?? '',
    target_label: 'Platform fee',
    amount_sats: S,
    amount_fiat: null,
    source: { from: 'super' },
  })
  if (input.splits.length === 0) {
    push({
      leg_type: 'retained',
      client_id: null,
      target: MACHINE_WALLET,
      target_label: 'Commission kept in the machine wallet',
      amount_sats: O,
      amount_fiat: null,
      source: { from: 'machine_wallet' },
    })
  } else {
    const shares = apportion(
      O,
      input.splits.map((s) => s.parts),
    )
    input.splits.forEach((s, i) =>
      push({
        leg_type: 'operator_split',
        client_id: s.client_id,
        target: s.target,
        target_label: s.label,
        amount_sats: shares[i]!,
        amount_fiat: null,
        source: { from: 'split', position: s.position },
      }),
    )
  }

  if (input.direction === 'cash_out') {
    const F = input.fiat_amount
    const lps = input.lps.filter((lp) => lp.remaining_fiat > 0)
    const R = lps.reduce((sum, lp) => sum + lp.remaining_fiat, 0)
    const A = Math.min(F, R)
    const fiatShares =
      A > 0
        ? apportion(
            A,
            lps.map((lp) => lp.remaining_fiat),
          )
        : lps.map(() => 0)
    const B_lp = F > 0 && A > 0 ? Number(roundDiv(BigInt(B) * BigInt(A), BigInt(F))) : 0
    const satShares = B_lp > 0 ? apportion(B_lp, fiatShares) : lps.map(() => 0)
    lps.forEach((lp, i) => {
      // A share too small to buy one sat is left out: that LP keeps the fiat, nothing is lost.
      if (satShares[i]! > 0) {
        push({
          leg_type: 'dca',
          client_id: lp.client_id,
          target: lp.target,
          target_label: lp.label,
          amount_sats: satShares[i]!,
          amount_fiat: fiatShares[i]!,
          source: { from: 'lp', client_id: lp.client_id },
        })
      }
    })
    push({
      leg_type: 'operator_principal',
      client_id: null,
      target: MACHINE_WALLET,
      target_label: "Operator's own principal",
      amount_sats: B - B_lp,
      amount_fiat: null,
      source: { from: 'machine_wallet' },
    })
  }

  const total = input.direction === 'cash_out' ? C : K
  const sum = legs.reduce((a, l) => a + l.amount_sats, 0)
  if (sum !== total) throw new Error(`settlement plan does not add up: legs ${sum} != ${total} sats`)
  return { base_sats: B, commission_sats: K, legs, total_sats: total }
}

import type { PlanInput } from './plan'

/**
 * The numbers a settlement was planned from, kept on it when it is planned: enough to plan it
 * again exactly, and nothing else (no destination, no name).
 */
export interface PlanRecord {
  v: 1
  direction: PlanInput['direction']
  crypto_atoms: number
  fiat_amount: number
  super_parts: number
  operator_parts: number
  discount_bps: number
  splits: { position: number; client_id: string | null; parts: number }[]
  lps: { client_id: string; remaining_fiat: number }[]
}

export function toPlanRecord(input: PlanInput): PlanRecord {
  return {
    v: 1,
    direction: input.direction,
    crypto_atoms: input.crypto_atoms,
    fiat_amount: input.fiat_amount,
    super_parts: input.super_parts,
    operator_parts: input.operator_parts,
    discount_bps: input.discount_bps,
    splits: input.splits.map((s) => ({ position: s.position, client_id: s.client_id, parts: s.parts })),
    lps: input.lps.map((l) => ({ client_id: l.client_id, remaining_fiat: l.remaining_fiat })),
  }
}

/**
 * The planner's input again (destinations and labels are not needed to recompute amounts). Built
 * field by field: spreading the parsed record was most of the cost of verifying a settlement.
 */
export function fromPlanRecord(r: PlanRecord): PlanInput {
  return {
    direction: r.direction,
    crypto_atoms: r.crypto_atoms,
    fiat_amount: r.fiat_amount,
    super_parts: r.super_parts,
    operator_parts: r.operator_parts,
    discount_bps: r.discount_bps,
    super_destination: null,
    splits: r.splits.map((s) => ({ position: s.position, client_id: s.client_id, parts: s.parts, target: '', label: '' })),
    lps: r.lps.map((l) => ({ client_id: l.client_id, remaining_fiat: l.remaining_fiat, target: '', label: '' })),
  }
}

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { planSettlement, splitBase, type PlanInput } from '../../src-main/core/settlement/plan'

const base: PlanInput = {
  direction: 'cash_out',
  crypto_atoms: 100_000,
  fiat_amount: 10_000,
  super_parts: 100,
  operator_parts: 400,
  discount_bps: 0,
  super_destination: 'platform@example.com',
  splits: [],
  lps: [],
}

const sum = (legs: { amount_sats: number }[]) => legs.reduce((a, l) => a + l.amount_sats, 0)

describe('base and commission (docs/design.md#settlement-math steps 1-2)', () => {
  it("the runbook's case 2 holds: 100000 sats, 5%, 10% discount -> 95694 / 4306", () => {
    expect(splitBase(100_000, 100, 400, 1000)).toEqual({ base: 95_694, commission: 4_306 })
  })

  it("the runbook's case 1 by its own formula: 266800 sats at 3% -> 259029 / 7771 (not the table's 258835 / 7965)", () => {
    expect(splitBase(266_800, 0, 300, 0)).toEqual({ base: 259_029, commission: 7_771 })
  })

  it("the runbook's case 3 with rounding (as its verification SQL does): 1 sat -> base 1, commission 0", () => {
    expect(splitBase(1, 0, 300, 0)).toEqual({ base: 1, commission: 0 })
  })

  it('rounds half up on the exact rational', () => {
    expect(splitBase(105, 0, 500, 0)).toEqual({ base: 100, commission: 5 }) // 105 / 1.05 = 100 exactly
    // 3 / 1.2 = 2.5 exactly (fee 10% + 10%): half rounds up to 3
    expect(splitBase(3, 1000, 1000, 0)).toEqual({ base: 3, commission: 0 })
  })

  it('no fee, or a 100% discount, means no commission', () => {
    expect(splitBase(12345, 0, 0, 0)).toEqual({ base: 12345, commission: 0 })
    expect(splitBase(12345, 200, 300, 10000)).toEqual({ base: 12345, commission: 0 })
  })
})

describe('the plan', () => {
  it('splits a cash-out between platform, operator splits and LPs, legs summing to C', () => {
    const plan = planSettlement({
      ...base,
      splits: [
        { position: 0, client_id: null, target: 'partner@example.com', label: 'Partner', parts: 5000 },
        { position: 1, client_id: null, target: 'ops@example.com', label: 'Ops', parts: 5000 },
      ],
      lps: [
        { client_id: 'a', target: 'a@x.io', label: 'Ana', remaining_fiat: 6_000 },
        { client_id: 'b', target: 'b@x.io', label: 'Beto', remaining_fiat: 4_000 },
      ],
    })
    // C = 100000, f = 5% -> B = round(95238.095) = 95238, K = 4762; S = round(4762 * 1/5) = 952; O = 3810
    expect(plan.base_sats).toBe(95_238)
    expect(plan.commission_sats).toBe(4_762)
    expect(plan.legs.map((l) => [l.leg_type, l.target_label, l.amount_sats, l.amount_fiat])).toEqual([
      ['super_fee', 'Platform fee', 952, null],
      ['operator_split', 'Partner', 1_905, null],
      ['operator_split', 'Ops', 1_905, null],
      ['dca', 'Ana', 57_143, 6_000],
      ['dca', 'Beto', 38_095, 4_000],
    ])
    expect(sum(plan.legs)).toBe(100_000)
  })

  it("keeps the operator's principal when the LP pool is smaller than the fiat dispensed", () => {
    const plan = planSettlement({ ...base, lps: [{ client_id: 'a', target: 'a@x.io', label: 'Ana', remaining_fiat: 2_500 }] })
    // B = 95238; A = 2500 of F = 10000 -> B_lp = round(95238 / 4) = 23810 (23809.5 rounds up)
    expect(plan.legs.find((l) => l.leg_type === 'dca')).toMatchObject({ amount_sats: 23_810, amount_fiat: 2_500 })
    expect(plan.legs.find((l) => l.leg_type === 'operator_principal')).toMatchObject({ amount_sats: 95_238 - 23_810 })
    expect(plan.legs.find((l) => l.leg_type === 'retained')).toMatchObject({ amount_sats: 4_762 - 952 })
    expect(sum(plan.legs)).toBe(100_000)
  })

  it('cash_in carries only fee legs, summing to the commission', () => {
    const plan = planSettlement({
      ...base,
      direction: 'cash_in',
      lps: [{ client_id: 'a', target: 'a', label: 'A', remaining_fiat: 9_999 }],
    })
    expect(plan.legs.map((l) => l.leg_type)).toEqual(['super_fee', 'retained'])
    expect(sum(plan.legs)).toBe(plan.commission_sats)
    expect(plan.total_sats).toBe(plan.commission_sats)
  })

  it('leaves out zero-sat legs', () => {
    const plan = planSettlement({ ...base, super_parts: 0, operator_parts: 0 })
    expect(plan.legs).toEqual([
      {
        leg_type: 'operator_principal',
        client_id: null,
        target: 'machine_wallet',
        target_label: "Operator's own principal",
        amount_sats: 100_000,
        amount_fiat: null,
        source: { from: 'machine_wallet' },
      },
    ])
  })
})

const lpArb = fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 0, maxLength: 25 })
const splitArb = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 0, maxLength: 8 }).map((ws) => {
  if (ws.length === 0) return []
  // turn arbitrary weights into parts summing to exactly 10000
  const total = ws.reduce((a, b) => a + b, 0)
  const parts = ws.map((w) => Math.floor((w * 10_000) / total))
  parts[0]! += 10_000 - parts.reduce((a, b) => a + b, 0)
  return parts.filter((p) => p > 0)
})
const inputArb = fc.record({
  direction: fc.constantFrom<'cash_out' | 'cash_in'>('cash_out', 'cash_in'),
  crypto_atoms: fc.integer({ min: 1, max: 2_100_000_000_000_000 }),
  fiat_amount: fc.integer({ min: 0, max: 1_000_000_000_000 }),
  super_parts: fc.integer({ min: 0, max: 1500 }),
  operator_parts: fc.integer({ min: 0, max: 1500 }),
  discount_bps: fc.integer({ min: 0, max: 10_000 }),
  lps: lpArb,
  splits: splitArb,
})

type RawInput = Omit<PlanInput, 'lps' | 'splits' | 'super_destination'> & { lps: number[]; splits: number[] }

function toInput(r: RawInput): PlanInput {
  return {
    ...r,
    super_destination: 'platform@x.io',
    lps: r.lps.map((rem, i) => ({ client_id: `lp${i}`, target: `lp${i}@x.io`, label: `LP ${i}`, remaining_fiat: rem })),
    splits: r.splits.map((parts, i) => ({ position: i, client_id: null, target: `s${i}@x.io`, label: `S${i}`, parts })),
  }
}

describe('planner properties (random inputs)', () => {
  it('legs sum exactly to C (cash_out) or K (cash_in); no leg is zero or negative', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const plan = planSettlement(toInput(r))
        expect(sum(plan.legs)).toBe(r.direction === 'cash_out' ? r.crypto_atoms : plan.commission_sats)
        expect(plan.base_sats + plan.commission_sats).toBe(r.crypto_atoms)
        for (const leg of plan.legs) expect(Number.isSafeInteger(leg.amount_sats) && leg.amount_sats > 0).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it("an LP's fiat share never exceeds its remaining balance, and the shares never exceed F", () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = toInput({ ...r, direction: 'cash_out' })
        const plan = planSettlement(input)
        const dca = plan.legs.filter((l) => l.leg_type === 'dca')
        for (const leg of dca) {
          const lp = input.lps.find((l) => l.client_id === leg.client_id)!
          expect(leg.amount_fiat!).toBeLessThanOrEqual(lp.remaining_fiat)
        }
        expect(dca.reduce((a, l) => a + l.amount_fiat!, 0)).toBeLessThanOrEqual(r.fiat_amount)
      }),
      { numRuns: 2000 },
    )
  })

  it('the operator splits sum exactly to the operator commission O = K - S', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const plan = planSettlement(toInput(r))
        const superFee = plan.legs.find((l) => l.leg_type === 'super_fee')?.amount_sats ?? 0
        const operator = plan.legs
          .filter((l) => l.leg_type === 'operator_split' || l.leg_type === 'retained')
          .reduce((a, l) => a + l.amount_sats, 0)
        expect(superFee + operator).toBe(plan.commission_sats)
      }),
      { numRuns: 1000 },
    )
  })

  it('the same inputs give the same plan', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        expect(planSettlement(toInput(r))).toEqual(planSettlement(toInput(r)))
      }),
      { numRuns: 300 },
    )
  })
})

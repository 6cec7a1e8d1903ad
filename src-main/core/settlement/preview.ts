import type { Kysely } from 'kysely'
import type { Database, SettlementsTable } from '../ledger/schema'
import { loadPlanContext } from './inputs'
import { planSettlement, type Plan, type PlanInput } from './plan'
import { earlierUnplanned } from './queries'

/**
 * A settlement's plan as it will really be made: the processor plans pending settlements oldest
 * first, each taking its LP shares from what the earlier ones left, so the preview plans every
 * earlier unplanned settlement of the machine first, on the same balances. Nothing is written.
 */
export async function previewPlan(db: Kysely<Database>, s: SettlementsTable): Promise<Plan> {
  const ctx = await loadPlanContext(db, s)
  let lps = ctx.input.lps
  for (const earlier of await earlierUnplanned(db, s)) {
    const plan = planSettlement({ ...(await loadPlanContext(db, earlier)).input, lps })
    lps = afterPlan(lps, plan)
  }
  return planSettlement({ ...ctx.input, lps })
}

/** The LPs' remaining fiat once a plan's DCA legs have taken their shares. */
function afterPlan(lps: PlanInput['lps'], plan: Plan): PlanInput['lps'] {
  const taken = new Map<string, number>()
  for (const leg of plan.legs)
    if (leg.leg_type === 'dca' && leg.client_id) taken.set(leg.client_id, (taken.get(leg.client_id) ?? 0) + (leg.amount_fiat ?? 0))
  return lps.map((lp) => ({ ...lp, remaining_fiat: lp.remaining_fiat - (taken.get(lp.client_id) ?? 0) }))
}

import { sql, type Kysely } from 'kysely'
import { roundDiv } from '../../../src-shared/money/apportion'
import type {
  BalanceDifference,
  CommissionDifference,
  CommissionVerification,
  LegAmounts,
  PlannedAmounts,
} from '../../../src-shared/domain/reconcile'
import type { Database, LegsTable, SettlementsTable } from '../ledger/schema'
import { planSettlement, splitBase } from '../settlement/plan'
import { fromPlanRecord, type PlanRecord } from '../settlement/plan-record'
import { saleFigures } from '../settlement/inputs'

const BATCH = 2_000
const SETTLEMENT_COLUMNS = [
  'id',
  'machine_id',
  'txid',
  'status',
  'direction',
  'crypto_atoms',
  'dispensed_sats',
  'fiat_amount',
  'dispensed_fiat',
  'super_fee_parts',
  'operator_fee_parts',
  'discount_bps',
  'base_sats',
  'commission_sats',
  'plan_inputs_json',
] as const satisfies readonly (keyof SettlementsTable)[]
type Settlement = Pick<SettlementsTable, (typeof SETTLEMENT_COLUMNS)[number]>
type Leg = Pick<LegsTable, 'leg_type' | 'client_id' | 'amount_sats' | 'amount_fiat'>

/**
 * Plans every planned settlement again from what it stored (docs/settlement.md#commission-verification)
 * and lists each one whose legs differ. A settlement that kept its inputs is planned again whole
 * and compared leg for leg; an older one is checked on its own columns: base and commission
 * from its sats and fee parts, the platform's share, and the sums of its legs.
 */
export async function verifyCommissions(db: Kysely<Database>, machineId?: string): Promise<CommissionVerification> {
  const result: CommissionVerification = {
    checked: 0,
    matching: 0,
    checked_on_columns: 0,
    differences: [],
    balances: await verifyBalances(db, machineId),
  }
  for (let after = ''; ;) {
    let q = db
      .selectFrom('settlements')
      .select(SETTLEMENT_COLUMNS)
      .where('base_sats', 'is not', null)
      // `+status`: walk the primary key in order; the status index would sort every match on each batch
      .where(sql<boolean>`+status IN ('processing', 'completed', 'errored')`)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
    if (machineId) q = q.where('machine_id', '=', machineId)
    const batch = await q.execute()
    if (batch.length === 0) return result
    const bySettlement = await legsOfRange(db, after, batch[batch.length - 1]!.id)
    for (const s of batch) {
      result.checked++
      if (!s.plan_inputs_json) result.checked_on_columns++
      const reason = s.plan_inputs_json ? null : checkColumns(s, bySettlement.get(s.id) ?? [])
      const difference = s.plan_inputs_json
        ? checkReplan(s, bySettlement.get(s.id) ?? [])
        : reason
          ? describe(s, bySettlement.get(s.id) ?? [], reason, null)
          : null
      if (difference) result.differences.push(difference)
      else result.matching++
    }
    after = batch[batch.length - 1]!.id
  }
}

/**
 * The legs of a batch's id range, by the settlement index (a range, not a list of ids), each
 * settlement's as one JSON array: a row object apiece for a million legs was a third of the run.
 */
async function legsOfRange(db: Kysely<Database>, after: string, last: string): Promise<Map<string, Leg[]>> {
  const { rows } = await sql<{ settlement_id: string; legs: string }>`
    SELECT settlement_id, json_group_array(json_array(leg_type, client_id, amount_sats, amount_fiat) ORDER BY position) AS legs
    FROM legs WHERE settlement_id > ${after} AND settlement_id <= ${last} AND status <> 'voided'
    GROUP BY settlement_id`.execute(db)
  const bySettlement = new Map<string, Leg[]>()
  for (const r of rows)
    bySettlement.set(
      r.settlement_id,
      (JSON.parse(r.legs) as [Leg['leg_type'], string | null, number, number | null][]).map(
        ([leg_type, client_id, amount_sats, amount_fiat]) => ({ leg_type, client_id, amount_sats, amount_fiat }),
      ),
    )
  return bySettlement
}

const amounts = (l: Leg): LegAmounts => ({
  leg_type: l.leg_type,
  client_id: l.client_id,
  amount_sats: l.amount_sats,
  amount_fiat: l.amount_fiat,
})
/** the legs as read are already their amounts: four fields each */
const stored = (s: Settlement, legs: Leg[]): PlannedAmounts => ({ base_sats: s.base_sats, commission_sats: s.commission_sats, legs })
const describe = (s: Settlement, legs: Leg[], reason: string, recomputed: PlannedAmounts | null): CommissionDifference => ({
  settlement_id: s.id,
  machine_id: s.machine_id,
  txid: s.txid,
  status: s.status,
  reason,
  stored: stored(s, legs),
  recomputed,
})

const sameLeg = (a: LegAmounts, b: LegAmounts) =>
  a.leg_type === b.leg_type && a.client_id === b.client_id && a.amount_sats === b.amount_sats && a.amount_fiat === b.amount_fiat
const sameAmounts = (a: PlannedAmounts, b: PlannedAmounts) =>
  a.base_sats === b.base_sats &&
  a.commission_sats === b.commission_sats &&
  a.legs.length === b.legs.length &&
  a.legs.every((l, i) => sameLeg(l, b.legs[i]!))

/** Planned again from its kept inputs, which must still be this settlement's: every leg the same, in order. */
function checkReplan(s: Settlement, legs: Leg[]): CommissionDifference | null {
  const record = JSON.parse(s.plan_inputs_json!) as PlanRecord
  const own = saleFigures(s)
  const changed = (Object.keys(own) as (keyof typeof own)[]).filter((k) => record[k] !== own[k])
  let plan: ReturnType<typeof planSettlement>
  try {
    plan = planSettlement(fromPlanRecord(record))
  } catch (e) {
    return describe(s, legs, `its inputs cannot be planned: ${(e as Error).message}`, null)
  }
  // compared as planned, copied into the report only when they differ: most settlements match
  const have = stored(s, legs)
  if (changed.length === 0 && sameAmounts(have, plan)) return null
  const recomputed = { base_sats: plan.base_sats, commission_sats: plan.commission_sats, legs: plan.legs.map(amounts) }
  if (changed.length > 0)
    return describe(
      s,
      legs,
      `the settlement's ${changed.join(', ')} no longer match${changed.length === 1 ? 'es' : ''} what it was planned from`,
      recomputed,
    )
  const which =
    recomputed.legs.length !== have.legs.length
      ? `${have.legs.length} legs where the plan has ${recomputed.legs.length}`
      : firstDifference(have, recomputed)
  return describe(s, legs, `its legs are not what its inputs give: ${which}`, recomputed)
}

function firstDifference(have: PlannedAmounts, want: PlannedAmounts): string {
  if (have.base_sats !== want.base_sats || have.commission_sats !== want.commission_sats)
    return `base/commission ${have.base_sats}/${have.commission_sats} where the plan has ${want.base_sats}/${want.commission_sats}`
  const i = have.legs.findIndex((l, k) => !sameLeg(l, want.legs[k]!))
  const h = have.legs[i]!
  const w = want.legs[i]!
  return `leg ${i + 1} (${h.leg_type}) is ${h.amount_sats} sats${h.amount_fiat === null ? '' : ` / ${h.amount_fiat} fiat`} where the plan has ${w.leg_type} ${w.amount_sats} sats${w.amount_fiat === null ? '' : ` / ${w.amount_fiat} fiat`}`
}

/** Planned before inputs were kept: what its own columns still prove (base, commission, the platform's share, the sums). */
function checkColumns(s: Settlement, legs: Leg[]): string | null {
  const C = s.dispensed_sats ?? s.crypto_atoms
  const { base, commission } = splitBase(C, s.super_fee_parts, s.operator_fee_parts, s.discount_bps)
  if (base !== s.base_sats || commission !== s.commission_sats)
    return `base/commission ${s.base_sats}/${s.commission_sats} where its sats and fees give ${base}/${commission}`
  const sum = (types: string[]) => legs.filter((l) => types.includes(l.leg_type)).reduce((a, l) => a + l.amount_sats, 0)
  const parts = s.super_fee_parts + s.operator_fee_parts
  const S = parts === 0 ? 0 : Number(roundDiv(BigInt(commission) * BigInt(s.super_fee_parts), BigInt(parts)))
  if (sum(['super_fee']) !== S) return `the platform fee is ${sum(['super_fee'])} sats where the commission gives ${S}`
  if (sum(['operator_split', 'retained']) !== commission - S)
    return `the operator's commission legs sum to ${sum(['operator_split', 'retained'])} sats where it is ${commission - S}`
  const total = s.direction === 'cash_out' ? C : commission
  const all = legs.reduce((a, l) => a + l.amount_sats, 0)
  if (all !== total) return `its legs sum to ${all} sats where they must sum to ${total}`
  return null
}

/**
 * Every LP's allocated fiat as kept (lp_allocated, which balances are computed from) against
 * the sum of its legs, in one pass over the legs.
 */
async function verifyBalances(db: Kysely<Database>, machineId?: string): Promise<CommissionVerification['balances']> {
  const ofMachine = machineId ? sql`c.machine_id = ${machineId}` : sql`1`
  const lps = await sql<{ n: number }>`SELECT count(*) AS n FROM clients c WHERE ${ofMachine}`.execute(db)
  const differences = await sql<BalanceDifference>`
    SELECT c.id AS client_id, c.name, coalesce(a.fiat, 0) AS kept_fiat, coalesce(s.fiat, 0) AS legs_fiat
    FROM clients c
    LEFT JOIN lp_allocated a ON a.client_id = c.id
    LEFT JOIN (
      SELECT client_id, sum(amount_fiat) AS fiat FROM legs
      WHERE client_id IS NOT NULL AND leg_type IN ('dca', 'balance_settlement') AND status <> 'voided'
      GROUP BY client_id
    ) s ON s.client_id = c.id
    WHERE ${ofMachine} AND coalesce(a.fiat, 0) <> coalesce(s.fiat, 0)
    ORDER BY c.id`.execute(db)
  return { lps_checked: lps.rows[0]!.n, differences: differences.rows }
}

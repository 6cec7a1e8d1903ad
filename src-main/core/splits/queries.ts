import { sql, type Kysely } from 'kysely'
import type { Database, SplitLegsTable, SplitRulesetsTable } from '../ledger/schema'
import { prepared } from '../ledger/prepared'

// An LP's leg is labelled with the LP's name as it is now (its own label column is empty).
const legsOfRuleset = prepared((db, v: { id: string }) =>
  db
    .selectFrom('split_legs as l')
    .leftJoin('clients as c', 'c.id', 'l.client_id')
    .select([
      'l.ruleset_id',
      'l.position',
      'l.target_kind',
      'l.client_id',
      'l.destination',
      'l.destination_kind',
      'l.destination_enc',
      'l.fraction_parts',
      sql<string>`coalesce(c.name, l.label)`.as('label'),
    ])
    .where('l.ruleset_id', '=', v.id)
    .orderBy('l.position'),
)

export async function loadRuleset(
  db: Kysely<Database>,
  machineId: string | null,
): Promise<{ ruleset: SplitRulesetsTable; legs: SplitLegsTable[] } | undefined> {
  let q = db.selectFrom('split_rulesets').selectAll()
  q = machineId === null ? q.where('machine_id', 'is', null) : q.where('machine_id', '=', machineId)
  const ruleset = await q.executeTakeFirst()
  return ruleset && { ruleset, legs: await legsOfRuleset(db, { id: ruleset.id }) }
}

// The machine's own ruleset, else the default: one query, as every plan asks. Written as the
// schema's one-per-scope index is (coalesce(machine_id, '')), so SQLite looks both up in it.
const machineOrDefaultRuleset = prepared((db, v: { machineId: string }) =>
  db
    .selectFrom('split_rulesets')
    .selectAll()
    .where(sql`coalesce(machine_id, '')`, 'in', [v.machineId, ''])
    .orderBy(sql`machine_id IS NULL`)
    // written into the SQL: bound, the limit made the query cost twice as much in SQLite (13 µs against 5)
    .limit(sql.lit(1)),
)

/** The ruleset that applies to a machine: its override, else the operator default, else none. */
export async function effectiveRuleset(
  db: Kysely<Database>,
  machineId: string,
): Promise<{ scope: 'override' | 'default' | 'none'; legs: SplitLegsTable[]; ruleset: SplitRulesetsTable | null }> {
  const [ruleset] = await machineOrDefaultRuleset(db, { machineId })
  if (!ruleset) return { scope: 'none', legs: [], ruleset: null }
  return { scope: ruleset.machine_id === null ? 'default' : 'override', ruleset, legs: await legsOfRuleset(db, { id: ruleset.id }) }
}

/** Legs first, then the ruleset row: the schema's trigger checks the sum once everything is in. */
export async function insertRuleset(db: Kysely<Database>, ruleset: SplitRulesetsTable, legs: SplitLegsTable[]): Promise<void> {
  await db.insertInto('split_legs').values(legs).execute()
  await db.insertInto('split_rulesets').values(ruleset).execute()
}

/** Its legs go with it (the schema cascades). */
export async function deleteRuleset(db: Kysely<Database>, rulesetId: string): Promise<void> {
  await db.deleteFrom('split_rulesets').where('id', '=', rulesetId).execute()
}

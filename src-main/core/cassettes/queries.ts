import type { Kysely } from 'kysely'
import type { CassetteConfigsTable, Database } from '../ledger/schema'

export function machineBays(db: Kysely<Database>, machineId: string): Promise<CassetteConfigsTable[]> {
  return db.selectFrom('cassette_configs').selectAll().where('machine_id', '=', machineId).orderBy('position').execute()
}

/** The operator's loading of one bay, with who and when. */
export async function setBay(
  db: Kysely<Database>,
  machineId: string,
  position: number,
  bay: { denomination: number; count: number },
  by: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('cassette_configs')
    .set({ denomination: bay.denomination, count: bay.count, updated_by: by, updated_at: at })
    .where('machine_id', '=', machineId)
    .where('position', '=', position)
    .execute()
}

/** When the ATM last reported (unix seconds), or null before its first report. */
export async function lastStateAt(db: Kysely<Database>, machineId: string): Promise<number | null> {
  const latest = await db
    .selectFrom('cassette_configs')
    .select((eb) => eb.fn.max('state_at').as('t'))
    .where('machine_id', '=', machineId)
    .executeTakeFirst()
  return latest?.t == null ? null : Number(latest.t)
}

/**
 * What the ATM reported for one bay. Its first report of a bay fills what the operator believes
 * too; every later one only what the ATM reported, so the difference stays for the operator to
 * see (and to take the ATM's values, or not).
 */
export async function recordReportedBay(
  db: Kysely<Database>,
  machineId: string,
  position: number,
  bay: { denomination: number; count: number },
  event: { id: string; created_at: number },
  now: string,
): Promise<void> {
  const reported = { state_denomination: bay.denomination, state_count: bay.count, state_at: event.created_at, state_event_id: event.id }
  await db
    .insertInto('cassette_configs')
    .values({
      machine_id: machineId,
      position,
      denomination: bay.denomination,
      count: bay.count,
      updated_by: 'atm',
      updated_at: now,
      ...reported,
    })
    .onConflict((oc) => oc.columns(['machine_id', 'position']).doUpdateSet(reported))
    .execute()
}

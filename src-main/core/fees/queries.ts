import type { Kysely } from 'kysely'
import type { Database, SuperConfigTable } from '../ledger/schema'

/** The platform fee in force: one row, always there (the migration creates it at 0/0). */
export function loadSuperConfig(db: Kysely<Database>): Promise<SuperConfigTable> {
  return db.selectFrom('super_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
}

export async function saveSuperConfig(db: Kysely<Database>, values: Partial<Omit<SuperConfigTable, 'id'>>): Promise<void> {
  await db.updateTable('super_config').set(values).where('id', '=', 1).execute()
}

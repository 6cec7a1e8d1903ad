import type { Kysely } from 'kysely'
import type { Database, SuperConfigTable } from '../ledger/schema'
import { prepared } from '../ledger/prepared'

/** The inbox subscription the platform's config arrives by (its cursors are kept by this name). */
export const SUPER_CONFIG_SUBSCRIPTION = 'super-config'

const superConfig = prepared((db) => db.selectFrom('super_config').selectAll().where('id', '=', 1))

/** The platform fee in force: one row, always there (the migration creates it at 0/0). */
export async function loadSuperConfig(db: Kysely<Database>): Promise<SuperConfigTable> {
  const [row] = await superConfig(db, {})
  if (!row) throw new Error('the ledger has no platform fee row (super_config)')
  return row
}

export async function saveSuperConfig(db: Kysely<Database>, values: Partial<Omit<SuperConfigTable, 'id'>>): Promise<void> {
  await db.updateTable('super_config').set(values).where('id', '=', 1).execute()
}

/**
 * Forgets which platform config was applied last (its event and time) and where the relays were
 * read up to for it, so a new platform key's configs are all read and the newest applies. The fee
 * in force stays until one arrives.
 */
export async function forgetPlatformConfigVersion(db: Kysely<Database>): Promise<void> {
  await saveSuperConfig(db, { source_event_id: null, source_created_at: null })
  await db.deleteFrom('relay_cursors').where('subscription', '=', SUPER_CONFIG_SUBSCRIPTION).execute()
}

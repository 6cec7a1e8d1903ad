import type { Kysely } from 'kysely'
import type { ClientsTable, Database } from '../ledger/schema'

/** Destinations never found working or whose last check failed, not checked since `before`, oldest check first. */
export function destinationsToCheck(db: Kysely<Database>, before: string, limit: number): Promise<ClientsTable[]> {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('destination_kind', 'is not', null)
    .where((eb) => eb.or([eb('destination_verified_at', 'is', null), eb('destination_check_error', 'is not', null)]))
    .where((eb) => eb.or([eb('destination_checked_at', 'is', null), eb('destination_checked_at', '<', before)]))
    .orderBy('destination_checked_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

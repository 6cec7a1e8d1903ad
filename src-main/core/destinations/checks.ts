import type { Kysely } from 'kysely'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import type { DestinationCheck } from '../../../src-shared/domain/verify'
import { appendAudit } from '../audit/log'
import { patchClient } from '../clients/queries'
import type { ClientsTable, Database } from '../ledger/schema'

/** A live check of one destination: what it found, or a throw when it could not be done (offline). */
export type CheckDestination = (kind: DestinationKind, value: string) => Promise<Omit<DestinationCheck, 'verified_at'>>

/**
 * Records what a live check of an LP's destination found, with an audit row: it works (verified
 * now, any earlier failure cleared), or it failed (the reason is kept, and nothing is paid to it
 * until it is fixed or verifies again; an earlier verification stays on record).
 */
export async function recordCheck(
  db: Kysely<Database>,
  client: Pick<ClientsTable, 'id' | 'destination_verified_at' | 'destination_check_error'>,
  result: { ok: boolean; detail: string },
  at: string,
  audit: { actor: string; command: string },
): Promise<{ verified_at: string | null }> {
  const values = result.ok
    ? { destination_verified_at: at, destination_checked_at: at, destination_check_error: null }
    : { destination_checked_at: at, destination_check_error: result.detail }
  await patchClient(db, client.id, { ...values, updated_at: at })
  await appendAudit(db, at, {
    ...audit,
    entity: 'client',
    entity_id: client.id,
    before: { destination_verified_at: client.destination_verified_at, destination_check_error: client.destination_check_error },
    after: { ...values, detail: result.detail },
  })
  return { verified_at: result.ok ? at : client.destination_verified_at }
}

import type { Client } from '../../../src-shared/domain/client'
import type { ClientsTable } from '../ledger/schema'

/** Secrets never leave here in the clear: the destination is its preview. */
export function toClient(row: ClientsTable): Client {
  return {
    id: row.id,
    machine_id: row.machine_id,
    name: row.name,
    pubkey: row.pubkey,
    payout_destination: row.payout_destination,
    destination_kind: row.destination_kind,
    onboarded: row.destination_kind !== null,
    destination_check: destinationCheck(row),
    destination_check_error: row.destination_check_error,
    destination_verified_at: row.destination_verified_at,
    destination_checked_at: row.destination_checked_at,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/** The last check decides: a failure stands until the destination changes or verifies again. */
export function destinationCheck(
  row: Pick<ClientsTable, 'destination_kind' | 'destination_verified_at' | 'destination_check_error'>,
): Client['destination_check'] {
  if (!row.destination_kind) return null
  if (row.destination_check_error) return 'failed'
  return row.destination_verified_at ? 'verified' : 'unchecked'
}

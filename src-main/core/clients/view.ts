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
    onboarded: row.destination_kind !== null && row.destination_verified_at !== null,
    destination_verified_at: row.destination_verified_at,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

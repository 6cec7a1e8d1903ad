import { formatFraction } from '../../../src-shared/money/fraction'
import { toNpub } from '../../../src-shared/nostr/pubkey'
import type { Machine } from '../../../src-shared/domain/machine'
import type { MachinesTable } from '../ledger/schema'

export function toMachine(row: MachinesTable): Machine {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    machine_pubkey: row.machine_pubkey,
    machine_npub: toNpub(row.machine_pubkey),
    fiat_code: row.fiat_code,
    operator_cash_in_fee_fraction: formatFraction(row.operator_cash_in_fee_parts),
    operator_cash_out_fee_fraction: formatFraction(row.operator_cash_out_fee_parts),
    is_active: row.is_active === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

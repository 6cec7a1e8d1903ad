import type { CassetteRow } from '../../../src-shared/domain/cassettes'
import type { CassetteConfigsTable } from '../ledger/schema'

export function toCassetteRow(r: CassetteConfigsTable): CassetteRow {
  const { machine_id: _m, state_event_id: _e, ...row } = r
  return row
}

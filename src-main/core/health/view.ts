import type { Alert, HealthCheck } from '../../../src-shared/domain/health'
import type { AlertsTable } from '../ledger/schema'

/** An alert as the contract shows it: its words, and their message ids when it has them. */
export function toAlert({ refs_json, ...row }: AlertsTable): Alert {
  return refs_json === null ? row : { ...row, refs: JSON.parse(refs_json) as HealthCheck['refs'] }
}

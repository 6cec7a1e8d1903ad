import { z } from 'zod'
import { idField } from '../contract/args'
import { ClientStatementArgs } from './client'

/** Every table of the ledger but `secrets` (its contents are sealed keys, and stay in the app). */
export const EXPORT_TABLES = [
  'machines',
  'clients',
  'deposits',
  'settlements',
  'settlement_notes',
  'legs',
  'split_rulesets',
  'split_legs',
  'super_config',
  'cassette_configs',
  'wallet_bindings',
  'wallet_key_rotations',
  'unattributed_payments',
  'ingestion_cursors',
  'relays',
  'relay_cursors',
  'seen_events',
  'outbox',
  'outbox_relay_status',
  'settings',
  'audit_log',
  'reconcile_reports',
  'health_state',
  'alerts',
  'schema_migrations',
] as const
export type ExportTable = (typeof EXPORT_TABLES)[number]

/**
 * `table`: one table as it is (sealed columns left out); `settlements`: every settlement with its
 * legs, a row per leg; `payments`: every leg paid; `lp_statement`: an LP's statement for a period;
 * `koinly`: an LP's bitcoin bought, in Koinly's universal CSV.
 */
export const ExportCsvArgs = z.discriminatedUnion('what', [
  z.strictObject({
    what: z.literal('table'),
    table: z.enum(EXPORT_TABLES, { error: 'is not a table of the ledger (secrets are never exported)' }),
  }),
  z.strictObject({ what: z.literal('settlements'), machine_id: idField.optional() }),
  z.strictObject({ what: z.literal('payments'), machine_id: idField.optional() }),
  z.strictObject({ what: z.literal('lp_statement'), ...ClientStatementArgs.shape }),
  z.strictObject({ what: z.literal('koinly'), ...ClientStatementArgs.shape }),
])

export interface CsvExport {
  /** a file name to save it as */
  filename: string
  rows: number
  columns: string[]
  /** RFC 4180, UTF-8, a header row; times in UTC ISO 8601 (…Z) */
  csv: string
}

import type { Generated } from 'kysely'

/** Kysely's view of the tables the core queries so far (see migrations/ for the full schema). */
export interface MachinesTable {
  id: string
  name: string
  location: string
  machine_pubkey: string
  fiat_code: string
  operator_cash_in_fee_parts: number
  operator_cash_out_fee_parts: number
  is_active: number
  created_at: string
  updated_at: string
}

export interface SuperConfigTable {
  id: number
  super_cash_in_fee_parts: number
  super_cash_out_fee_parts: number
  fee_destination: string | null
  source_event_id: string | null
  source_created_at: number | null
  updated_at: string
}

export interface SettingsTable {
  key: string
  value_json: string
  updated_at: string
}

export interface AuditLogTable {
  seq: Generated<number>
  at: string
  actor: string
  command: string
  entity: string
  entity_id: string
  before_json: string | null
  after_json: string | null
  prev_hash: string
  hash: string
}

export interface SchemaMigrationsTable {
  id: string
  applied_at: string
}

export interface Database {
  machines: MachinesTable
  super_config: SuperConfigTable
  settings: SettingsTable
  audit_log: AuditLogTable
  schema_migrations: SchemaMigrationsTable
}

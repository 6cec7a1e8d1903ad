import type { Generated } from 'kysely'

export type DestinationKindColumn = 'lightning_address' | 'lnurl' | 'lnbits_invoice_key'

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
  fee_destination_kind: DestinationKindColumn | null
  fee_destination_enc: Buffer | null
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

export interface ClientsTable {
  id: string
  machine_id: string
  name: string
  pubkey: string | null
  payout_destination: string | null
  destination_kind: DestinationKindColumn | null
  destination_enc: Buffer | null
  destination_verified_at: string | null
  /** when the destination was last checked live, and why that check failed (null: it passed, or none yet) */
  destination_checked_at: string | null
  destination_check_error: string | null
  status: 'active' | 'inactive'
  created_at: string
  updated_at: string
}

export interface DepositsTable {
  id: string
  client_id: string
  machine_id: string
  amount: number
  currency: string
  status: 'pending' | 'confirmed' | 'cancelled' | 'reversed'
  note: string
  created_at: string
  updated_at: string
  confirmed_at: string | null
  reversed_at: string | null
  reversal_reason: string | null
}

export interface SplitRulesetsTable {
  id: string
  machine_id: string | null
  created_by: string
  created_at: string
}

export interface SplitLegsTable {
  ruleset_id: string
  position: number
  target_kind: 'client' | 'external'
  client_id: string | null
  destination: string | null
  destination_kind: DestinationKindColumn | null
  destination_enc: Buffer | null
  label: string
  fraction_parts: number
}

export interface SettlementsTable {
  id: string
  machine_id: string
  source: 'lnbits' | 'manual'
  txid: string
  payment_hash: string | null
  direction: 'cash_out' | 'cash_in'
  crypto_atoms: number
  fiat_amount: number
  fiat_code: string
  super_fee_parts: number
  operator_fee_parts: number
  discount_bps: number
  base_sats: number | null
  commission_sats: number | null
  dispensed_sats: number | null
  dispensed_fiat: number | null
  held_sats: number
  status: 'pending' | 'processing' | 'completed' | 'errored' | 'rejected' | 'voided'
  error: string | null
  rejection_reason: string | null
  attestation_json: string | null
  created_at: string
  updated_at: string
  processing_at: string | null
  completed_at: string | null
  /** why it was voided (nothing dispensed, the customer refunded); set with status voided */
  void_reason: string | null
  /** the numbers the legs were planned from (PlanRecord), or null before planning / before 0006 */
  plan_inputs_json: string | null
}

export interface SettlementNotesTable {
  id: Generated<number>
  settlement_id: string
  author: string
  body: string
  created_at: string
}

export interface LegsTable {
  id: string
  settlement_id: string | null
  position: number
  leg_type: 'super_fee' | 'operator_split' | 'dca' | 'operator_principal' | 'retained' | 'balance_settlement'
  client_id: string | null
  target: string
  target_kind: DestinationKindColumn | 'machine_wallet' | null
  target_enc: Buffer | null
  target_label: string
  amount_sats: number
  amount_fiat: number | null
  fiat_code: string | null
  rate_sats: number | null
  rate_fiat: number | null
  funding_wallet_id: string | null
  status: 'planned' | 'in_flight' | 'completed' | 'failed' | 'voided'
  bolt11: string | null
  payment_hash: string | null
  attempts: number
  error: string | null
  created_at: string
  updated_at: string
  in_flight_at: string | null
  completed_at: string | null
}

export interface WalletBindingsTable {
  id: string
  role: 'machine' | 'funding'
  machine_id: string | null
  label: string
  lnbits_url: string
  lnbits_wallet_id: string
  invoice_key_enc: Buffer | null
  invoice_key_preview: string | null
  admin_key_enc: Buffer | null
  admin_key_preview: string | null
  last_test_at: string | null
  last_test_ok: number | null
  last_test_error: string | null
  created_at: string
  updated_at: string
}

export interface WalletKeyRotationsTable {
  id: Generated<number>
  wallet_binding_id: string
  key_kind: 'invoice' | 'admin'
  old_preview: string | null
  new_preview: string
  rotated_by: string
  rotated_at: string
}

export interface UnattributedPaymentsTable {
  payment_hash: string
  wallet_binding_id: string
  machine_id: string
  amount_msat: number
  memo: string
  extra_json: string
  /** LNbits' time, unix seconds */
  paid_at: number
  status: 'open' | 'attributed' | 'dismissed'
  settlement_id: string | null
  resolved_by: string | null
  reason: string | null
  created_at: string
  updated_at: string
}

export interface IngestionCursorsTable {
  wallet_binding_id: string
  /** incoming payments (cash-outs) LNbits timed before this (unix seconds) are all ingested */
  after_time: number
  /** the same for outgoing payments (cash-ins) */
  out_after_time: number
  last_success_at: string | null
  last_error: string | null
  last_error_at: string | null
  payments_seen: number
  updated_at: string
}

export type HealthStateColumn = 'ok' | 'warning' | 'problem' | 'unknown'

export interface HealthStateTable {
  check_id: string
  state: HealthStateColumn
  streak: number
  since: string
  updated_at: string
}

export interface AlertsTable {
  id: string
  check_id: string
  kind: 'raised' | 'cleared'
  state: HealthStateColumn
  title: string
  detail: string
  action: string
  screen: string
  at: string
  acked_at: string | null
  acked_by: string | null
  /** the check's message refs (HealthCheck['refs']) as JSON; null for a cleared entry and alerts from before 0009 */
  refs_json: string | null
}

export interface ReconcileReportsTable {
  id: string
  created_at: string
  actor: string
  ok: 0 | 1
  report_json: string
}

export interface SecretsTable {
  name: string
  scheme: string
  ciphertext: Buffer
  updated_at: string
}

export interface RelaysTable {
  url: string
  enabled: number
  added_at: string
}

export interface OutboxTable {
  id: string
  d_tag: string
  kind: number
  recipient_pubkey: string | null
  content_json: string
  encrypt: number
  status: 'intent' | 'signed' | 'delivered' | 'superseded'
  event_created_at: number | null
  signed_event_json: string | null
  event_id: string | null
  last_error: string | null
  created_at: string
  updated_at: string
}

export interface OutboxRelayStatusTable {
  outbox_id: string
  relay_url: string
  ok: number | null
  message: string | null
  attempts: number
  last_attempt_at: string | null
}

export interface RelayCursorsTable {
  relay_url: string
  subscription: string
  since: number
  updated_at: string
}

export interface SeenEventsTable {
  event_id: string
  subscription: string
  relay_url: string
  kind: number
  author: string
  created_at: number
  outcome: 'applied' | 'rejected' | 'ignored'
  reason: string | null
  received_at: string
}

export interface CassetteConfigsTable {
  machine_id: string
  position: number
  denomination: number
  count: number
  updated_by: string
  updated_at: string
  state_denomination: number | null
  state_count: number | null
  state_at: number | null
  state_event_id: string | null
}

/** kept by triggers on legs (migrations/0010_lp_allocated.ts); the app only reads it */
export interface LpAllocatedTable {
  client_id: string
  fiat: number
}

export interface Database {
  relay_cursors: RelayCursorsTable
  seen_events: SeenEventsTable
  cassette_configs: CassetteConfigsTable
  relays: RelaysTable
  outbox: OutboxTable
  outbox_relay_status: OutboxRelayStatusTable
  secrets: SecretsTable
  unattributed_payments: UnattributedPaymentsTable
  ingestion_cursors: IngestionCursorsTable
  wallet_bindings: WalletBindingsTable
  wallet_key_rotations: WalletKeyRotationsTable
  clients: ClientsTable
  deposits: DepositsTable
  split_rulesets: SplitRulesetsTable
  split_legs: SplitLegsTable
  settlements: SettlementsTable
  settlement_notes: SettlementNotesTable
  legs: LegsTable
  lp_allocated: LpAllocatedTable
  machines: MachinesTable
  super_config: SuperConfigTable
  settings: SettingsTable
  audit_log: AuditLogTable
  schema_migrations: SchemaMigrationsTable
  reconcile_reports: ReconcileReportsTable
  health_state: HealthStateTable
  alerts: AlertsTable
}

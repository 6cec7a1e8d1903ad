/**
 * The whole ledger of docs/design.md#domain-rules. Amounts are INTEGER sats or fiat minor units;
 * fractions are INTEGER parts per 10,000. Constraints the design names live here so that
 * even a bug in the core cannot write a ledger that breaks them.
 */
export const id = '0001_ledger'

export const sql = /* sql */ `
CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE machines (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
  location TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  machine_pubkey TEXT NOT NULL UNIQUE CHECK (length(machine_pubkey) = 64 AND machine_pubkey NOT GLOB '*[^0-9a-f]*'),
  fiat_code TEXT NOT NULL CHECK (length(fiat_code) = 3 AND fiat_code NOT GLOB '*[^A-Z]*'),
  operator_cash_in_fee_parts INTEGER NOT NULL CHECK (operator_cash_in_fee_parts BETWEEN 0 AND 1500),
  operator_cash_out_fee_parts INTEGER NOT NULL CHECK (operator_cash_out_fee_parts BETWEEN 0 AND 1500),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- LNbits wallets: a machine's wallet (role machine) or an operator funding wallet.
-- Keys are ciphertext only; the preview is what any UI may show.
CREATE TABLE wallet_bindings (
  id TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('machine', 'funding')),
  machine_id TEXT REFERENCES machines(id),
  label TEXT NOT NULL DEFAULT '',
  lnbits_url TEXT NOT NULL,
  lnbits_wallet_id TEXT NOT NULL,
  invoice_key_enc BLOB,
  invoice_key_preview TEXT,
  admin_key_enc BLOB,
  admin_key_preview TEXT,
  last_test_at TEXT,
  last_test_ok INTEGER CHECK (last_test_ok IN (0, 1)),
  last_test_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((role = 'machine') = (machine_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX wallet_bindings_one_per_machine ON wallet_bindings(machine_id) WHERE role = 'machine';

CREATE TABLE wallet_key_rotations (
  id INTEGER PRIMARY KEY,
  wallet_binding_id TEXT NOT NULL REFERENCES wallet_bindings(id),
  key_kind TEXT NOT NULL CHECK (key_kind IN ('invoice', 'admin')),
  old_preview TEXT,
  new_preview TEXT NOT NULL,
  rotated_by TEXT NOT NULL,
  rotated_at TEXT NOT NULL
) STRICT;

-- LPs ("DCA clients"). (id, machine_id) is unique so deposits can reference both at once.
CREATE TABLE clients (
  id TEXT PRIMARY KEY NOT NULL,
  machine_id TEXT NOT NULL REFERENCES machines(id),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
  pubkey TEXT CHECK (pubkey IS NULL OR (length(pubkey) = 64 AND pubkey NOT GLOB '*[^0-9a-f]*')),
  payout_destination TEXT,
  destination_kind TEXT CHECK (destination_kind IN ('lightning_address', 'lnurl', 'lnbits_invoice_key')),
  destination_enc BLOB,
  destination_verified_at TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (id, machine_id)
) STRICT;
CREATE INDEX clients_by_machine ON clients(machine_id, id);

CREATE TABLE deposits (
  id TEXT PRIMARY KEY NOT NULL,
  client_id TEXT NOT NULL,
  machine_id TEXT NOT NULL REFERENCES machines(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT,
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL)),
  FOREIGN KEY (client_id, machine_id) REFERENCES clients(id, machine_id)
) STRICT;
CREATE INDEX deposits_by_client ON deposits(client_id, status);
CREATE INDEX deposits_by_machine ON deposits(machine_id, id);
CREATE INDEX deposits_pending ON deposits(status, created_at) WHERE status = 'pending';

-- Commission splits. A ruleset row is inserted after its legs (the legs' foreign key is
-- deferred) and a trigger then refuses it unless the legs sum to exactly 10,000 parts.
-- machine_id NULL = the operator default; otherwise a per-machine override.
CREATE TABLE split_rulesets (
  id TEXT PRIMARY KEY NOT NULL,
  machine_id TEXT REFERENCES machines(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX split_rulesets_one_per_scope ON split_rulesets(coalesce(machine_id, ''));

CREATE TABLE split_legs (
  ruleset_id TEXT NOT NULL REFERENCES split_rulesets(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  position INTEGER NOT NULL CHECK (position >= 0),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('client', 'external')),
  client_id TEXT REFERENCES clients(id),
  destination TEXT,
  destination_kind TEXT CHECK (destination_kind IN ('lightning_address', 'lnurl', 'lnbits_invoice_key')),
  destination_enc BLOB,
  label TEXT NOT NULL DEFAULT '',
  fraction_parts INTEGER NOT NULL CHECK (fraction_parts BETWEEN 1 AND 10000),
  PRIMARY KEY (ruleset_id, position),
  CHECK ((target_kind = 'client') = (client_id IS NOT NULL)),
  CHECK (target_kind = 'client' OR (destination_enc IS NOT NULL AND length(trim(label)) > 0))
) STRICT;

CREATE TRIGGER split_rulesets_sum_exactly_one AFTER INSERT ON split_rulesets
WHEN (SELECT coalesce(sum(fraction_parts), 0) FROM split_legs WHERE ruleset_id = NEW.id) <> 10000
BEGIN
  SELECT RAISE(ABORT, 'split fractions must sum to exactly 1.0000');
END;

CREATE TRIGGER split_legs_frozen_insert BEFORE INSERT ON split_legs
WHEN EXISTS (SELECT 1 FROM split_rulesets WHERE id = NEW.ruleset_id)
BEGIN
  SELECT RAISE(ABORT, 'a saved split ruleset is replaced whole, never edited');
END;

CREATE TRIGGER split_legs_frozen_update BEFORE UPDATE ON split_legs
BEGIN
  SELECT RAISE(ABORT, 'a saved split ruleset is replaced whole, never edited');
END;

CREATE TABLE super_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  super_cash_in_fee_parts INTEGER NOT NULL CHECK (super_cash_in_fee_parts BETWEEN 0 AND 1500),
  super_cash_out_fee_parts INTEGER NOT NULL CHECK (super_cash_out_fee_parts BETWEEN 0 AND 1500),
  fee_destination TEXT,
  fee_destination_kind TEXT CHECK (fee_destination_kind IN ('lightning_address', 'lnurl', 'lnbits_invoice_key')),
  fee_destination_enc BLOB,
  source_event_id TEXT,
  source_created_at INTEGER,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO super_config (id, super_cash_in_fee_parts, super_cash_out_fee_parts, updated_at)
VALUES (1, 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE settlements (
  id TEXT PRIMARY KEY NOT NULL,
  machine_id TEXT NOT NULL REFERENCES machines(id),
  source TEXT NOT NULL CHECK (source IN ('lnbits', 'manual')),
  txid TEXT NOT NULL CHECK (length(txid) BETWEEN 1 AND 128),
  payment_hash TEXT UNIQUE CHECK (payment_hash IS NULL OR (length(payment_hash) = 64 AND payment_hash NOT GLOB '*[^0-9a-f]*')),
  direction TEXT NOT NULL CHECK (direction IN ('cash_out', 'cash_in')),
  crypto_atoms INTEGER NOT NULL CHECK (crypto_atoms > 0),
  fiat_amount INTEGER NOT NULL CHECK (fiat_amount >= 0),
  fiat_code TEXT NOT NULL CHECK (length(fiat_code) = 3),
  super_fee_parts INTEGER NOT NULL CHECK (super_fee_parts BETWEEN 0 AND 10000),
  operator_fee_parts INTEGER NOT NULL CHECK (operator_fee_parts BETWEEN 0 AND 10000),
  discount_bps INTEGER NOT NULL DEFAULT 0 CHECK (discount_bps BETWEEN 0 AND 10000),
  base_sats INTEGER CHECK (base_sats >= 0),
  commission_sats INTEGER CHECK (commission_sats >= 0),
  dispensed_sats INTEGER CHECK (dispensed_sats > 0 AND dispensed_sats <= crypto_atoms),
  dispensed_fiat INTEGER CHECK (dispensed_fiat >= 0),
  held_sats INTEGER NOT NULL DEFAULT 0 CHECK (held_sats >= 0),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'errored', 'rejected')),
  error TEXT,
  rejection_reason TEXT,
  attestation_json TEXT CHECK (attestation_json IS NULL OR json_valid(attestation_json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  processing_at TEXT,
  completed_at TEXT,
  UNIQUE (machine_id, txid),
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL)
) STRICT;
CREATE INDEX settlements_by_machine ON settlements(machine_id, id);
CREATE INDEX settlements_by_status ON settlements(status, updated_at);

CREATE TABLE settlement_notes (
  id INTEGER PRIMARY KEY,
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  author TEXT NOT NULL,
  body TEXT NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 2000),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX settlement_notes_by_settlement ON settlement_notes(settlement_id, id);
CREATE TRIGGER settlement_notes_append_only_update BEFORE UPDATE ON settlement_notes
BEGIN SELECT RAISE(ABORT, 'settlement notes are append-only'); END;
CREATE TRIGGER settlement_notes_append_only_delete BEFORE DELETE ON settlement_notes
BEGIN SELECT RAISE(ABORT, 'settlement notes are append-only'); END;

-- Payment legs. settlement_id is NULL only for an LP balance settlement.
-- Destinations everywhere are stored twice: a display form (an invoice key only as its
-- ends) and the full value sealed with the data key (*_enc).
CREATE TABLE legs (
  id TEXT PRIMARY KEY NOT NULL,
  settlement_id TEXT REFERENCES settlements(id),
  position INTEGER NOT NULL DEFAULT 0,
  leg_type TEXT NOT NULL CHECK (leg_type IN ('super_fee', 'operator_split', 'dca', 'operator_principal', 'retained', 'balance_settlement')),
  client_id TEXT REFERENCES clients(id),
  target TEXT NOT NULL,
  target_kind TEXT CHECK (target_kind IN ('lightning_address', 'lnurl', 'lnbits_invoice_key', 'machine_wallet')),
  target_enc BLOB,
  target_label TEXT NOT NULL DEFAULT '',
  amount_sats INTEGER NOT NULL CHECK (amount_sats > 0),
  amount_fiat INTEGER CHECK (amount_fiat >= 0),
  fiat_code TEXT,
  rate_sats INTEGER CHECK (rate_sats >= 0),
  rate_fiat INTEGER CHECK (rate_fiat > 0),
  funding_wallet_id TEXT REFERENCES wallet_bindings(id),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_flight', 'completed', 'failed', 'voided')),
  bolt11 TEXT,
  payment_hash TEXT UNIQUE,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  in_flight_at TEXT,
  completed_at TEXT,
  CHECK ((leg_type = 'balance_settlement') = (settlement_id IS NULL)),
  CHECK (leg_type NOT IN ('dca', 'balance_settlement') OR (client_id IS NOT NULL AND amount_fiat IS NOT NULL)),
  CHECK (status <> 'in_flight' OR (payment_hash IS NOT NULL AND bolt11 IS NOT NULL))
) STRICT;
CREATE INDEX legs_by_settlement ON legs(settlement_id, position);
-- Covering: an LP's allocated fiat (its balance) is summed from the index alone.
CREATE INDEX legs_by_client ON legs(client_id, leg_type, status, amount_fiat) WHERE client_id IS NOT NULL;
CREATE INDEX legs_by_status ON legs(status, updated_at);
CREATE INDEX legs_by_type ON legs(leg_type, id);

CREATE TABLE cassette_configs (
  machine_id TEXT NOT NULL REFERENCES machines(id),
  position INTEGER NOT NULL CHECK (position >= 0),
  denomination INTEGER NOT NULL CHECK (denomination > 0),
  count INTEGER NOT NULL CHECK (count >= 0),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  state_denomination INTEGER CHECK (state_denomination > 0),
  state_count INTEGER CHECK (state_count >= 0),
  state_at INTEGER,
  state_event_id TEXT,
  PRIMARY KEY (machine_id, position)
) STRICT;

-- Nostr. Relays, their per-subscription cursors, the events seen (dedupe), the outbox.
CREATE TABLE relays (
  url TEXT PRIMARY KEY NOT NULL CHECK (url GLOB 'ws://*' OR url GLOB 'wss://*'),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  added_at TEXT NOT NULL
) STRICT;

CREATE TABLE relay_cursors (
  relay_url TEXT NOT NULL,
  subscription TEXT NOT NULL,
  since INTEGER NOT NULL CHECK (since >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (relay_url, subscription)
) STRICT;

CREATE TABLE seen_events (
  event_id TEXT PRIMARY KEY NOT NULL CHECK (length(event_id) = 64),
  subscription TEXT NOT NULL,
  relay_url TEXT NOT NULL,
  kind INTEGER NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected', 'ignored')),
  reason TEXT,
  received_at TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
  id TEXT PRIMARY KEY NOT NULL,
  d_tag TEXT NOT NULL,
  kind INTEGER NOT NULL,
  recipient_pubkey TEXT,
  content_json TEXT NOT NULL CHECK (json_valid(content_json)),
  encrypt INTEGER NOT NULL DEFAULT 1 CHECK (encrypt IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('intent', 'signed', 'delivered', 'superseded')),
  event_created_at INTEGER,
  signed_event_json TEXT CHECK (signed_event_json IS NULL OR json_valid(signed_event_json)),
  event_id TEXT UNIQUE,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status IN ('signed', 'delivered')) <= (signed_event_json IS NOT NULL))
) STRICT;
CREATE INDEX outbox_by_status ON outbox(status, created_at);
CREATE INDEX outbox_by_d_tag ON outbox(d_tag, created_at);

CREATE TABLE outbox_relay_status (
  outbox_id TEXT NOT NULL REFERENCES outbox(id),
  relay_url TEXT NOT NULL,
  ok INTEGER CHECK (ok IN (0, 1)),
  message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  PRIMARY KEY (outbox_id, relay_url)
) STRICT;

-- LNbits ingestion: a cursor per machine wallet, and payments nobody attested.
CREATE TABLE ingestion_cursors (
  wallet_binding_id TEXT PRIMARY KEY NOT NULL REFERENCES wallet_bindings(id),
  after_time INTEGER NOT NULL DEFAULT 0,
  seen_hashes_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(seen_hashes_json)),
  last_success_at TEXT,
  last_error TEXT,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE unattributed_payments (
  payment_hash TEXT PRIMARY KEY NOT NULL,
  wallet_binding_id TEXT NOT NULL REFERENCES wallet_bindings(id),
  machine_id TEXT NOT NULL REFERENCES machines(id),
  amount_sats INTEGER NOT NULL CHECK (amount_sats > 0),
  memo TEXT,
  extra_json TEXT,
  paid_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'attributed', 'dismissed')),
  settlement_id TEXT REFERENCES settlements(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Secrets at rest (nsec, keys): ciphertext with the scheme that made it.
CREATE TABLE secrets (
  name TEXT PRIMARY KEY NOT NULL,
  scheme TEXT NOT NULL,
  ciphertext BLOB NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- The audit log: append-only, each row's hash covers its predecessor's.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id, seq);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`

/**
 * Ingestion of attested sales (docs/lnbits.md#what-the-app-uses-lnbits-for, §6.4).
 *
 * - A rejected settlement records what a bad attestation claimed, including a txid that may
 *   belong to a real sale (a replayed attestation): the one-settlement-per-txid rule now
 *   holds among the settlements that are not rejected. SQLite cannot change a table
 *   constraint in place, so settlements is rebuilt (the documented 12-step procedure; the
 *   migrator turns foreign keys off around it and checks them before committing).
 * - A machine wallet belongs to one machine (ingestion reads each machine's wallet for its sales).
 * - unattributed_payments and ingestion_cursors were never written before this migration,
 *   so they are recreated in their final shape: amounts in msat (a payment need not be whole
 *   sats), a reason for dismissals, and a cursor that is a lower bound on LNbits' time.
 */
export const id = '0002_ingestion'

export const foreignKeysOff = true

export const sql = /* sql */ `
CREATE TABLE settlements_new (
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
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
  -- an ingested settlement always names the LNbits payment it came from
  CHECK (source <> 'lnbits' OR payment_hash IS NOT NULL)
) STRICT;
INSERT INTO settlements_new SELECT * FROM settlements;
DROP TABLE settlements;
ALTER TABLE settlements_new RENAME TO settlements;
CREATE INDEX settlements_by_machine ON settlements(machine_id, id);
CREATE INDEX settlements_by_status ON settlements(status, updated_at);
CREATE UNIQUE INDEX settlements_one_per_txid ON settlements(machine_id, txid) WHERE status <> 'rejected';
-- a rejected settlement is final: it never pays and never becomes another status
CREATE TRIGGER settlements_rejected_is_final BEFORE UPDATE OF status ON settlements
WHEN OLD.status = 'rejected' AND NEW.status <> 'rejected'
BEGIN SELECT RAISE(ABORT, 'a rejected settlement cannot change status'); END;

-- each machine reads its own wallet: a shared one would show each machine the other's sales
CREATE UNIQUE INDEX wallet_bindings_one_machine_per_wallet ON wallet_bindings(lnbits_url, lnbits_wallet_id) WHERE role = 'machine';

DROP TABLE unattributed_payments;
CREATE TABLE unattributed_payments (
  payment_hash TEXT PRIMARY KEY NOT NULL CHECK (length(payment_hash) = 64 AND payment_hash NOT GLOB '*[^0-9a-f]*'),
  wallet_binding_id TEXT NOT NULL REFERENCES wallet_bindings(id),
  machine_id TEXT NOT NULL REFERENCES machines(id),
  amount_msat INTEGER NOT NULL CHECK (amount_msat > 0),
  memo TEXT NOT NULL DEFAULT '',
  extra_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra_json)),
  -- LNbits' time of the payment, unix seconds
  paid_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'attributed', 'dismissed')),
  settlement_id TEXT REFERENCES settlements(id),
  resolved_by TEXT,
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'attributed') = (settlement_id IS NOT NULL)),
  CHECK (status <> 'dismissed' OR length(trim(reason)) > 0)
) STRICT;
CREATE INDEX unattributed_by_status ON unattributed_payments(status, paid_at);

DROP TABLE ingestion_cursors;
CREATE TABLE ingestion_cursors (
  wallet_binding_id TEXT PRIMARY KEY NOT NULL REFERENCES wallet_bindings(id),
  -- every successful incoming payment LNbits timed before this (unix seconds) has been ingested
  after_time INTEGER NOT NULL DEFAULT 0 CHECK (after_time >= 0),
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  payments_seen INTEGER NOT NULL DEFAULT 0 CHECK (payments_seen >= 0),
  updated_at TEXT NOT NULL
) STRICT;
`

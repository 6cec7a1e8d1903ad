/**
 * A settlement can be voided, and a confirmed deposit reversed (docs/state-machines.md).
 *
 * - settlements: status `voided` (final), with the reason it was voided. A voided settlement is
 *   never processed, and its legs are voided with it, so LP balances are as if it never happened.
 * - deposits: status `reversed` (final), with when and why; it stays confirmed-at-some-time
 *   (confirmed_at is kept) but no longer counts towards the LP's balance.
 *
 * SQLite cannot change a CHECK in place: both tables are rebuilt (the 12-step procedure; the
 * migrator turns foreign keys off around it and checks them before committing).
 */
export const id = '0003_void_and_reverse'

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
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'errored', 'rejected', 'voided')),
  error TEXT,
  rejection_reason TEXT,
  attestation_json TEXT CHECK (attestation_json IS NULL OR json_valid(attestation_json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  processing_at TEXT,
  completed_at TEXT,
  void_reason TEXT,
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
  CHECK ((status = 'voided') = (void_reason IS NOT NULL)),
  -- an ingested settlement always names the LNbits payment it came from
  CHECK (source <> 'lnbits' OR payment_hash IS NOT NULL)
) STRICT;
INSERT INTO settlements_new SELECT *, NULL FROM settlements;
DROP TABLE settlements;
ALTER TABLE settlements_new RENAME TO settlements;
CREATE INDEX settlements_by_machine ON settlements(machine_id, id);
CREATE INDEX settlements_by_status ON settlements(status, updated_at);
-- a sale is settled once (a voided sale too: it is not recorded again); a rejected claim holds no txid
CREATE UNIQUE INDEX settlements_one_per_txid ON settlements(machine_id, txid) WHERE status <> 'rejected';
CREATE TRIGGER settlements_rejected_is_final BEFORE UPDATE OF status ON settlements
WHEN OLD.status = 'rejected' AND NEW.status <> 'rejected'
BEGIN SELECT RAISE(ABORT, 'a rejected settlement cannot change status'); END;
CREATE TRIGGER settlements_voided_is_final BEFORE UPDATE OF status ON settlements
WHEN OLD.status = 'voided' AND NEW.status <> 'voided'
BEGIN SELECT RAISE(ABORT, 'a voided settlement cannot change status'); END;

CREATE TABLE deposits_new (
  id TEXT PRIMARY KEY NOT NULL,
  client_id TEXT NOT NULL,
  machine_id TEXT NOT NULL REFERENCES machines(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled', 'reversed')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT,
  reversed_at TEXT,
  reversal_reason TEXT,
  CHECK ((status IN ('confirmed', 'reversed')) = (confirmed_at IS NOT NULL)),
  CHECK ((status = 'reversed') = (reversed_at IS NOT NULL AND reversal_reason IS NOT NULL)),
  FOREIGN KEY (client_id, machine_id) REFERENCES clients(id, machine_id)
) STRICT;
INSERT INTO deposits_new SELECT *, NULL, NULL FROM deposits;
DROP TABLE deposits;
ALTER TABLE deposits_new RENAME TO deposits;
CREATE INDEX deposits_by_client ON deposits(client_id, status);
CREATE INDEX deposits_by_machine ON deposits(machine_id, id);
CREATE INDEX deposits_pending ON deposits(status, created_at) WHERE status = 'pending';
CREATE TRIGGER deposits_reversed_is_final BEFORE UPDATE OF status ON deposits
WHEN OLD.status = 'reversed' AND NEW.status <> 'reversed'
BEGIN SELECT RAISE(ABORT, 'a reversed deposit cannot change status'); END;
`

/**
 * Each LP's allocated fiat (the fiat of its non-voided dca and balance_settlement legs), kept by
 * SQLite itself as the legs change, in the same statement's transaction, the way an index is.
 * The app never writes this table; summing every leg of an LP on every sale made a sale slower
 * the longer the ledger got (docs/performance.md). The balance stays derived: confirmed deposits
 * minus this sum, and `reconcile.verifyCommissions` sums the legs again to prove it
 * (docs/settlement.md#balances).
 */
export const id = '0010_lp_allocated'

const counts = (row: 'NEW' | 'OLD') =>
  `${row}.client_id IS NOT NULL AND ${row}.leg_type IN ('dca', 'balance_settlement') AND ${row}.status <> 'voided'`
const add = (row: 'NEW' | 'OLD') =>
  `INSERT INTO lp_allocated (client_id, fiat) SELECT ${row}.client_id, ${row}.amount_fiat WHERE ${counts(row)}
    ON CONFLICT (client_id) DO UPDATE SET fiat = fiat + excluded.fiat;`
// An UPDATE, not an upsert of a negative amount: the CHECK is tried on the row before its conflict.
const remove = (row: 'OLD') =>
  `UPDATE lp_allocated SET fiat = fiat - ${row}.amount_fiat WHERE client_id = ${row}.client_id AND ${counts(row)};`

export const sql = /* sql */ `
CREATE TABLE lp_allocated (
  client_id TEXT PRIMARY KEY NOT NULL REFERENCES clients(id),
  fiat INTEGER NOT NULL CHECK (fiat >= 0)
) STRICT, WITHOUT ROWID;

INSERT INTO lp_allocated (client_id, fiat)
  SELECT client_id, sum(amount_fiat) FROM legs
  WHERE client_id IS NOT NULL AND leg_type IN ('dca', 'balance_settlement') AND status <> 'voided'
  GROUP BY client_id;

CREATE TRIGGER lp_allocated_insert AFTER INSERT ON legs BEGIN
  ${add('NEW')}
END;
CREATE TRIGGER lp_allocated_update AFTER UPDATE OF client_id, leg_type, status, amount_fiat ON legs BEGIN
  ${remove('OLD')}
  ${add('NEW')}
END;
CREATE TRIGGER lp_allocated_delete AFTER DELETE ON legs BEGIN
  ${remove('OLD')}
END;
`

import type BetterSqlite3 from 'better-sqlite3'

// Every column the data key seals; a new one belongs here too (a missing key file is then known to be a lost key).
const SEALED = `SELECT
  EXISTS(SELECT 1 FROM clients WHERE destination_enc IS NOT NULL)
  OR EXISTS(SELECT 1 FROM split_legs WHERE destination_enc IS NOT NULL)
  OR EXISTS(SELECT 1 FROM legs WHERE target_enc IS NOT NULL)
  OR EXISTS(SELECT 1 FROM wallet_bindings WHERE invoice_key_enc IS NOT NULL OR admin_key_enc IS NOT NULL)
  OR EXISTS(SELECT 1 FROM super_config WHERE fee_destination_enc IS NOT NULL)
  OR EXISTS(SELECT 1 FROM secrets WHERE scheme = 'data-key') AS sealed`

/** Whether the ledger holds anything sealed with the data key. */
export function hasSealedSecrets(raw: BetterSqlite3.Database): boolean {
  return (raw.prepare(SEALED).get() as { sealed: number }).sealed === 1
}

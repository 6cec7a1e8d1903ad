/**
 * Cash-ins are ingested (docs/ingestion.md#cash-ins): ingestion also reads each machine wallet's
 * outgoing payments, with a cursor of its own. An existing wallet's outgoing cursor starts where
 * its incoming one stands now: cash-ins before this version were recorded by hand. Added a
 * column only: no rebuild.
 */
export const id = '0005_cash_in_cursor'

export const sql = /* sql */ `
ALTER TABLE ingestion_cursors ADD COLUMN out_after_time INTEGER NOT NULL DEFAULT 0 CHECK (out_after_time >= 0);
UPDATE ingestion_cursors SET out_after_time = after_time;
`

/**
 * Each reconciliation against LNbits is kept (docs/reconciliation.md): when, by whom, whether all
 * was well, and the report itself, so the app can show the last one and an operator can show
 * what was checked when.
 */
export const id = '0007_reconcile_reports'

export const sql = /* sql */ `
CREATE TABLE reconcile_reports (
  id TEXT PRIMARY KEY NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  report_json TEXT NOT NULL CHECK (json_valid(report_json))
) STRICT;
CREATE INDEX reconcile_reports_by_time ON reconcile_reports(created_at);
`

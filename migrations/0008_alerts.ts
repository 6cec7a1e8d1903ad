/**
 * Alerts raised from the health checks (docs/health.md#alerts): each check's last state and how
 * many rounds in a row it has held (so an alert is raised only once a condition holds, and never
 * flaps), and the alerts themselves, raised and back to normal, with who acknowledged them.
 */
export const id = '0008_alerts'

export const sql = /* sql */ `
CREATE TABLE health_state (
  check_id TEXT PRIMARY KEY NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('ok', 'warning', 'problem', 'unknown')),
  streak INTEGER NOT NULL CHECK (streak >= 1),
  since TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE alerts (
  id TEXT PRIMARY KEY NOT NULL,
  check_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('raised', 'cleared')),
  state TEXT NOT NULL CHECK (state IN ('ok', 'warning', 'problem', 'unknown')),
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  action TEXT NOT NULL,
  screen TEXT NOT NULL,
  at TEXT NOT NULL,
  acked_at TEXT,
  acked_by TEXT,
  CHECK ((acked_at IS NULL) = (acked_by IS NULL))
) STRICT;
CREATE INDEX alerts_by_time ON alerts(at);
CREATE INDEX alerts_by_check ON alerts(check_id, at);
`

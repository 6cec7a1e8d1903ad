import type BetterSqlite3 from 'better-sqlite3'
import type { PushEvent } from '../../../src-shared/contract/events'
import { periodic, type BackgroundService } from '../processing/loop'

/**
 * Notices changes another process made to the ledger (the CLI, the bridge, the desktop app on the
 * same folder) and tells each once, as `ledger.changedElsewhere`, so every open window reads again
 * what it shows. SQLite's `data_version` moves when another connection commits, never for this
 * one's own writes; of those, only the ones that add to the audit log are changes a person made
 * or should see. Another process's bookkeeping (a sync round moving a cursor) is not told, so
 * windows are not reloaded every round under an operator who is typing.
 */
export function watchExternalWrites(
  ledger: () => BetterSqlite3.Database,
  emit: (event: PushEvent) => void,
  intervalMs: number,
): BackgroundService {
  let seen: { db: BetterSqlite3.Database; version: number; audit: number } | null = null
  return periodic(async () => {
    const db = ledger()
    if (!db.open) return
    const version = db.pragma('data_version', { simple: true }) as number
    if (seen && seen.db === db && seen.version === version) return
    const audit = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_log').get() as { seq: number }).seq
    // a restored ledger is another connection: its first reading is where it starts, not a change
    if (seen && seen.db === db && seen.audit !== audit) emit({ name: 'ledger.changedElsewhere', payload: {} })
    seen = { db, version, audit }
  }, intervalMs)
}

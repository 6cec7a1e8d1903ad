import type BetterSqlite3 from 'better-sqlite3'
import type { PushEvent } from '../../../src-shared/contract/events'
import { periodic, type BackgroundService } from '../processing/loop'

/**
 * Notices writes another process made to the ledger (the CLI, the bridge, the desktop app on the
 * same folder): SQLite's `data_version` changes when another connection commits, never for this
 * connection's own writes. Each change is told once, as `ledger.changedElsewhere`, so every open
 * window reads again what it shows.
 */
export function watchExternalWrites(
  ledger: () => BetterSqlite3.Database,
  emit: (event: PushEvent) => void,
  intervalMs: number,
): BackgroundService {
  let seen: { db: BetterSqlite3.Database; version: number } | null = null
  return periodic(async () => {
    const db = ledger()
    if (!db.open) return
    const version = db.pragma('data_version', { simple: true }) as number
    // a restored ledger is another connection: its first reading is where it starts, not a change
    if (seen && seen.db === db && seen.version !== version) emit({ name: 'ledger.changedElsewhere', payload: {} })
    seen = { db, version }
  }, intervalMs)
}

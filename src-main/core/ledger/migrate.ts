import type BetterSqlite3 from 'better-sqlite3'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Migration } from '../../../migrations/index'

/**
 * Applies the pending migrations, each in its own transaction together with its row in
 * schema_migrations: SQLite's DDL is transactional, so a migration that fails leaves the
 * ledger exactly as it was. (Kysely's Migrator does not wrap SQLite migrations in a
 * transaction, which is why this small runner exists.)
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[], now: () => string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL) STRICT`)
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id))
  const known = new Set(migrations.map((m) => m.id))
  const unknown = [...applied].filter((id) => !known.has(id))
  if (unknown.length > 0) {
    throw new CommandError(
      'ledger_error',
      `This ledger was written by a newer version of SatMachine Operator (migrations ${unknown.join(', ')}). Update the app before opening it.`,
    )
  }
  const ran: string[] = []
  for (const m of migrations) {
    if (applied.has(m.id)) continue
    const apply = db.transaction(() => {
      db.exec(m.sql)
      if (m.foreignKeysOff) {
        const broken = db.prepare('PRAGMA foreign_key_check').all()
        if (broken.length > 0) throw new Error(`it would break ${broken.length} foreign key reference(s)`)
      }
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, now())
    })
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    const fkWasOn = m.foreignKeysOff ? db.pragma('foreign_keys', { simple: true }) === 1 : false
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF')
    try {
      apply()
    } catch (e) {
      throw new CommandError(
        'ledger_error',
        `Migration ${m.id} failed and was rolled back; the ledger is unchanged: ${(e as Error).message}`,
      )
    } finally {
      if (fkWasOn) db.pragma('foreign_keys = ON')
    }
    ran.push(m.id)
  }
  return ran
}

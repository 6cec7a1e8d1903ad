import { privateDir, privateFile } from './private-files'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { withStatementCache } from './statement-cache'
import { CommandError } from '../../../src-shared/contract/errors'
import { migrations as allMigrations, type Migration } from '../../../migrations/index'
import { migrate } from './migrate'
import type { Database } from './schema'

export const LEDGER_FILE = 'ledger.sqlite'

export interface Ledger {
  db: Kysely<Database>
  raw: BetterSqlite3.Database
  path: string
  close(): Promise<void>
}

export interface OpenLedgerOptions {
  dataDir: string
  /** path to a better_sqlite3.node built for the running runtime (Electron in dev); default: the package's own */
  nativeBinding?: string
  now: () => string
  migrations?: readonly Migration[]
}

export function openLedger(opts: OpenLedgerOptions): Ledger {
  const path = join(opts.dataDir, LEDGER_FILE)
  let raw: BetterSqlite3.Database
  try {
    privateDir(opts.dataDir)
    raw = new BetterSqlite3(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  } catch (e) {
    throw new CommandError('ledger_error', `Could not open the ledger at ${path}: ${(e as Error).message}`)
  }
  try {
    // WAL lets the app, the CLI and the bridge read while one of them writes.
    raw.pragma('journal_mode = WAL')
    raw.pragma('foreign_keys = ON')
    // Short: writers wait for the lock asynchronously (ledger/transaction.ts), never blocking the event loop for long.
    raw.pragma('busy_timeout = 20')
    raw.pragma('synchronous = NORMAL')
    migrate(raw, opts.migrations ?? allMigrations, opts.now)
    for (const file of [path, `${path}-wal`, `${path}-shm`]) privateFile(file)
  } catch (e) {
    raw.close()
    throw e instanceof CommandError
      ? e
      : new CommandError('ledger_error', `Could not prepare the ledger at ${path}: ${(e as Error).message}`)
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  return {
    db,
    raw,
    path,
    async close() {
      await db.destroy() // closes `raw` too
    },
  }
}

import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema'

const BUSY_WAIT_MS = 10_000
const BEGIN = CompiledQuery.raw('BEGIN IMMEDIATE')
const COMMIT = CompiledQuery.raw('COMMIT')
const ROLLBACK = CompiledQuery.raw('ROLLBACK')

/**
 * Runs `fn` in one write transaction. BEGIN IMMEDIATE takes the write lock up front; when
 * another connection (the CLI, the bridge, the app) holds it, we wait asynchronously and
 * try again, instead of letting SQLite's busy_timeout block the event loop: a blocked main
 * process would freeze the window, and two ledgers handles in one process would deadlock.
 * Any throw rolls everything back: a refused command writes nothing.
 */
export async function inWriteTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn)
    try {
      const result = await fn(conn)
      await conn.executeQuery(COMMIT)
      return result
    } catch (e) {
      await conn.executeQuery(ROLLBACK)
      throw e
    }
  })
}

async function beginImmediate(conn: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + BUSY_WAIT_MS
  for (let attempt = 0; ; attempt++) {
    try {
      await conn.executeQuery(BEGIN)
      return
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e
      await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt * 5) * (0.5 + Math.random())))
    }
  }
}

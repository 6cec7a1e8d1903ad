import { sql, type Kysely } from 'kysely'
import type { Database } from './schema'

/**
 * Runs `fn` in one write transaction. BEGIN IMMEDIATE takes the write lock up front, so
 * two processes on one ledger (app + CLI) queue on busy_timeout instead of deadlocking
 * on a lock upgrade. Any throw rolls everything back: a refused command writes nothing.
 */
export async function inWriteTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await fn(conn)
      await sql`COMMIT`.execute(conn)
      return result
    } catch (e) {
      await sql`ROLLBACK`.execute(conn)
      throw e
    }
  })
}

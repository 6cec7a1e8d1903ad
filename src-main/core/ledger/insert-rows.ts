import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema'

/** The most rows one INSERT carries: 128 legs of 26 columns stay far below SQLite's 32,766 parameters. */
const MAX_ROWS = 128

/**
 * Inserts whole rows of one table, several to an INSERT. Kysely's builder parses every value of
 * every row into its own nodes, and each statement it runs costs its own round through the
 * executor; for the legs of a large cash-out that was most of the time (docs/performance.md).
 * Rows go 128 to an INSERT and the rest in one more, so a table has at most 128 texts in the
 * ledger's statement cache, each prepared once. Every row must have the same columns.
 */
export async function insertRows<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!) as (keyof Database[T] & string)[]
  const same = (row: Database[T]) => Object.keys(row).length === columns.length && columns.every((c) => c in row)
  if (!rows.every(same)) throw new Error(`insertRows(${table}): rows differ in their columns`)
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `
  const tuple = `(${columns.map(() => '?').join(', ')})`
  for (let at = 0; at < rows.length; at += MAX_ROWS) {
    const chunk = rows.slice(at, at + MAX_ROWS)
    const values: unknown[] = []
    for (const row of chunk) for (const c of columns) values.push(row[c])
    await db.executeQuery(CompiledQuery.raw(head + Array(chunk.length).fill(tuple).join(', '), values))
  }
}

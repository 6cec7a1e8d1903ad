import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema'

/**
 * Inserts whole rows of one table, one prepared single-row INSERT run per row. Kysely's builder
 * parses every value of every row into its own nodes; for the legs of a large cash-out that was
 * most of the time (docs/performance.md). The text is the same for every row, so the ledger's
 * statement cache prepares it once. Every row must have the same columns, in the same order.
 */
export async function insertRows<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!) as (keyof Database[T] & string)[]
  const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length) throw new Error(`insertRows(${table}): rows differ in their columns`)
    await db.executeQuery(
      CompiledQuery.raw(
        text,
        columns.map((c) => row[c]),
      ),
    )
  }
}

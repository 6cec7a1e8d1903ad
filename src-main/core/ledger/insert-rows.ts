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
  const same = (row: Database[T]) => Object.keys(row).length === columns.length && columns.every((c) => c in row)
  if (!rows.every(same)) throw new Error(`insertRows(${table}): rows differ in their columns`)
  for (const row of rows)
    await db.executeQuery(
      CompiledQuery.raw(
        text,
        columns.map((c) => row[c]),
      ),
    )
}

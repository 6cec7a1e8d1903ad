import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './schema'

/** The most rows one INSERT carries: 128 legs of 26 columns stay far below SQLite's 32,766 parameters. */
const MAX_ROWS = 128

/**
 * Inserts whole rows of one table, several to an INSERT. Kysely's builder parses every value of
 * every row into its own nodes, and each statement it runs costs its own round through the
 * executor; for the legs of a large cash-out that was most of the time (docs/performance.md).
 * Rows go in chunks of 128, the rest in powers of two (64, 32, …, 1), so the ledger's statement
 * cache holds a few texts per table, each prepared once. Every row must have the same columns.
 */
export async function insertRows<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!) as (keyof Database[T] & string)[]
  const same = (row: Database[T]) => Object.keys(row).length === columns.length && columns.every((c) => c in row)
  if (!rows.every(same)) throw new Error(`insertRows(${table}): rows differ in their columns`)
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `
  const tuple = `(${columns.map(() => '?').join(', ')})`
  for (let at = 0; at < rows.length;) {
    const n = chunkSize(rows.length - at)
    const values: unknown[] = []
    for (let i = at; i < at + n; i++) for (const c of columns) values.push(rows[i]![c])
    await db.executeQuery(CompiledQuery.raw(head + Array(n).fill(tuple).join(', '), values))
    at += n
  }
}

/** 128 while that many are left, then the largest power of two that fits. */
function chunkSize(left: number): number {
  if (left >= MAX_ROWS) return MAX_ROWS
  let n = 1
  while (n * 2 <= left) n *= 2
  return n
}

import { sql, type RawBuilder } from 'kysely'

/**
 * A constant that decides whether a partial index applies (`status <> 'rejected'`, `role =
 * 'machine'`, `status = 'pending'` in the schema's index conditions), written into the SQL text.
 * Sent as a parameter instead, SQLite re-prepares the statement each time it runs, to check that
 * the index still fits the value: that was a tenth of recording a sale (docs/performance.md).
 */
export function indexLiteral<T extends string>(value: T): RawBuilder<T> {
  return sql.lit(value)
}

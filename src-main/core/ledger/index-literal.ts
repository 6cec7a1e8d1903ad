import { sql, type RawBuilder } from 'kysely'

/**
 * A constant that decides whether a partial index applies (`status <> 'rejected'`, `role =
 * 'machine'`, `status = 'pending'` in the schema's index conditions), written into the SQL text.
 * Sent as a parameter instead, SQLite re-prepares the statement each time that parameter is bound,
 * to check the index still fits it: 59 µs of every sale's transaction-id check (docs/performance.md).
 */
export function indexLiteral<T extends string>(value: T): RawBuilder<T> {
  return sql.lit(value)
}

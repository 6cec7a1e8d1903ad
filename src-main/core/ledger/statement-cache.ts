import type BetterSqlite3 from 'better-sqlite3'
import type { SqliteDatabase } from 'kysely'

/**
 * The ledger's connection as Kysely's SQLite dialect sees it, with each SQL text prepared once.
 * Kysely prepares every query it runs, and preparing was a sixth of the time of recording a sale
 * (docs/performance.md). The texts are few (a query's shape, not its values, is in the text), but
 * an `in (…)` list makes one per length, so the cache keeps the most recently used only. A
 * statement still being iterated is never handed out again: that one query gets its own.
 */
export function withStatementCache(raw: BetterSqlite3.Database, max = 512): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      const cached = cache.get(sql)
      if (cached && !cached.busy) {
        // most recently used last: the first key is the one to drop
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const stmt = raw.prepare(sql)
      if (cached) return stmt
      cache.set(sql, stmt)
      if (cache.size > max) cache.delete(cache.keys().next().value!)
      return stmt
    },
  }
}

import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from './schema'

type Db = Kysely<Database>

/** Stands for one named value while a prepared query is built. */
class Slot {
  constructor(readonly key: string) {}
}

/**
 * A query Kysely builds and compiles once, then runs with each call's values put in its
 * parameters. For the small queries every sale runs, building and compiling took longer than
 * SQLite's own work (docs/performance.md).
 *
 * `build` is given stand-ins for the values. They go where values go (a comparison, an `in`
 * list, a `set`, an insert's values), each by its name, and never decide the query's shape: the
 * SQL text is the one of the first call, whatever later calls pass.
 */
export function prepared<V extends object, R>(build: (db: Db, values: V) => Compilable<R>): (db: Db, values: V) => Promise<R[]> {
  let query: { sql: string; parameters: readonly unknown[] } | undefined
  return async (db, values) => {
    query ??= compileWithSlots(db, build)
    const parameters = query.parameters.map((p) => (p instanceof Slot ? valueOf(values, p.key) : p))
    return (await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters))).rows
  }
}

function compileWithSlots<V extends object, R>(db: Db, build: (db: Db, values: V) => Compilable<R>) {
  const slots = new Proxy({} as V, {
    get: (_, key) => new Slot(String(key)),
    // Spread or passed whole, the stand-ins would have no keys and the query no values.
    ownKeys: () => {
      throw new Error('prepared query: name each value where it goes; the values cannot be spread or passed whole')
    },
  })
  const { sql, parameters } = build(db, slots).compile()
  return { sql, parameters }
}

function valueOf(values: object, key: string): unknown {
  const value = (values as Record<string, unknown>)[key]
  // SQLite would bind a missing value as NULL: a typo in a caller must not write or match NULL.
  if (value === undefined) throw new Error(`prepared query: no value given for '${key}'`)
  return value
}

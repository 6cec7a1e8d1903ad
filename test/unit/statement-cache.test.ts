import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { withStatementCache } from '../../src-main/core/ledger/statement-cache'

describe('the ledger statement cache', () => {
  const open = () => {
    const raw = new BetterSqlite3(':memory:')
    raw.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)')
    return raw
  }

  it('prepares a text once, and keeps only the most recently used', () => {
    const raw = open()
    const db = withStatementCache(raw, 2)
    const a = db.prepare('SELECT n FROM t WHERE n = ?')
    expect(db.prepare('SELECT n FROM t WHERE n = ?')).toBe(a)
    expect(a.all([2])).toEqual([{ n: 2 }])
    const b = db.prepare('SELECT n FROM t WHERE n > ?')
    db.prepare('SELECT n FROM t WHERE n = ?') // a is used again: b is now the oldest
    db.prepare('SELECT count(*) AS c FROM t') // a third text drops b
    expect(db.prepare('SELECT n FROM t WHERE n = ?')).toBe(a)
    expect(db.prepare('SELECT n FROM t WHERE n > ?')).not.toBe(b)
    db.close()
  })

  it('never hands out a statement that is still being iterated', () => {
    const raw = open()
    const db = withStatementCache(raw)
    const sql = 'SELECT n FROM t ORDER BY n'
    const first = db.prepare(sql)
    const rows = first.iterate([])
    expect(rows.next().value).toEqual({ n: 1 })
    const second = db.prepare(sql)
    expect(second).not.toBe(first)
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }])
    expect(db.prepare(sql)).toBe(first) // done iterating: the cached one again
    db.close()
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from '../../src-main/core/ledger/migrate'
import { openLedger } from '../../src-main/core/ledger/open'
import { migrations } from '../../migrations/index'
import { CommandError } from '../../src-shared/contract/errors'
import { tempDir } from '../support/tmp'

const now = () => '2026-01-01T00:00:00.000Z'
const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function freshDb(): BetterSqlite3.Database {
  const d = tempDir()
  dirs.push(d)
  return new BetterSqlite3(join(d.path, 'ledger.sqlite'))
}

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)

describe('migrations', () => {
  it('creates every table of the design and records what ran', () => {
    const db = freshDb()
    expect(migrate(db, migrations, now)).toEqual(['0001_ledger'])
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'machines', 'clients', 'deposits', 'settlements', 'legs', 'split_rulesets', 'split_legs', 'super_config',
        'cassette_configs', 'wallet_bindings', 'outbox', 'relay_cursors', 'audit_log', 'settings', 'schema_migrations',
      ]),
    )
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual([{ id: '0001_ledger' }])
    db.close()
  })

  it('is idempotent: a second start runs nothing', () => {
    const db = freshDb()
    migrate(db, migrations, now)
    expect(migrate(db, migrations, now)).toEqual([])
    db.close()
  })

  it('a failing migration leaves the ledger exactly as it was', () => {
    const db = freshDb()
    migrate(db, migrations, now)
    const before = tables(db)
    const bad = { id: '0002_bad', sql: 'CREATE TABLE half_done (x INTEGER); ALTER TABLE machines ADD COLUMN y INTEGER; SELECT no_such_function();' }
    expect(() => migrate(db, [...migrations, bad], now)).toThrowError(/0002_bad failed and was rolled back/)
    expect(tables(db)).toEqual(before)
    const columns = (db.prepare('PRAGMA table_info(machines)').all() as { name: string }[]).map((c) => c.name)
    expect(columns).not.toContain('y')
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual([{ id: '0001_ledger' }])
    db.close()
  })

  it('refuses a ledger written by a newer version', () => {
    const db = freshDb()
    migrate(db, [...migrations, { id: '0999_future', sql: 'CREATE TABLE future (x INTEGER)' }], now)
    let error: unknown
    try {
      migrate(db, migrations, now)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CommandError)
    expect((error as CommandError).code).toBe('ledger_error')
    expect((error as CommandError).message).toContain('newer version')
    db.close()
  })

  it('opens with WAL and foreign keys on', async () => {
    const d = tempDir()
    dirs.push(d)
    const ledger = openLedger({ dataDir: d.path, now })
    expect(ledger.raw.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(ledger.raw.pragma('foreign_keys', { simple: true })).toBe(1)
    await ledger.close()
  })

  it('says which ledger it could not open', () => {
    const d = tempDir()
    dirs.push(d)
    const blocked = join(d.path, 'a-file')
    writeFileSync(blocked, 'not a folder')
    expect(() => openLedger({ dataDir: join(blocked, 'ledger'), now })).toThrowError(/Could not open the ledger at .*a-file/)
  })
})

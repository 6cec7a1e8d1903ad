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
    expect(migrate(db, migrations, now)).toEqual([
      '0001_ledger',
      '0002_ingestion',
      '0003_void_and_reverse',
      '0004_destination_checks',
      '0005_cash_in_cursor',
      '0006_plan_inputs',
      '0007_reconcile_reports',
      '0008_alerts',
      '0009_alert_refs',
      '0010_lp_allocated',
    ])
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'machines',
        'clients',
        'deposits',
        'settlements',
        'legs',
        'split_rulesets',
        'split_legs',
        'super_config',
        'cassette_configs',
        'wallet_bindings',
        'outbox',
        'relay_cursors',
        'audit_log',
        'settings',
        'schema_migrations',
        'unattributed_payments',
        'ingestion_cursors',
      ]),
    )
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual([
      { id: '0001_ledger' },
      { id: '0002_ingestion' },
      { id: '0003_void_and_reverse' },
      { id: '0004_destination_checks' },
      { id: '0005_cash_in_cursor' },
      { id: '0006_plan_inputs' },
      { id: '0007_reconcile_reports' },
      { id: '0008_alerts' },
      { id: '0009_alert_refs' },
      { id: '0010_lp_allocated' },
    ])
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
    const bad = {
      id: '0099_bad',
      sql: 'CREATE TABLE half_done (x INTEGER); ALTER TABLE machines ADD COLUMN y INTEGER; SELECT no_such_function();',
    }
    expect(() => migrate(db, [...migrations, bad], now)).toThrowError(/0099_bad failed and was rolled back/)
    expect(tables(db)).toEqual(before)
    const columns = (db.prepare('PRAGMA table_info(machines)').all() as { name: string }[]).map((c) => c.name)
    expect(columns).not.toContain('y')
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual(migrations.map((m) => ({ id: m.id })))
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

  it('0002 rebuilds settlements keeping every row and reference, with foreign keys on again after', () => {
    const db = freshDb()
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 1), now)
    const T = now()
    db.prepare(
      `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES ('m1', 'ATM', ?, 'GTQ', 0, 0, ?, ?)`,
    ).run('c'.repeat(64), T, T)
    db.prepare(
      `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, created_at, updated_at) VALUES ('s1', 'm1', 'manual', 'tx-1', 'cash_out', 1000, 100, 'GTQ', 0, 0, ?, ?)`,
    ).run(T, T)
    db.prepare(
      `INSERT INTO legs (id, settlement_id, leg_type, target, amount_sats, created_at, updated_at) VALUES ('l1', 's1', 'super_fee', 'x', 10, ?, ?)`,
    ).run(T, T)
    db.prepare(`INSERT INTO settlement_notes (settlement_id, author, body, created_at) VALUES ('s1', 'ui', 'kept', ?)`).run(T)

    expect(migrate(db, migrations.slice(0, 2), now)).toEqual(['0002_ingestion'])
    expect(db.prepare('SELECT id, txid, crypto_atoms FROM settlements').all()).toEqual([{ id: 's1', txid: 'tx-1', crypto_atoms: 1000 }])
    expect(db.prepare('SELECT settlement_id FROM legs').all()).toEqual([{ settlement_id: 's1' }])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
    // references from legs still point at the rebuilt table
    expect(() =>
      db
        .prepare(
          `INSERT INTO legs (id, settlement_id, leg_type, target, amount_sats, created_at, updated_at) VALUES ('l2', 'nope', 'super_fee', 'x', 10, ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('0003 rebuilds settlements and deposits keeping every row and reference; voided and reversed are final', () => {
    const db = freshDb()
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 2), now)
    const T = now()
    db.prepare(
      `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES ('m1', 'ATM', ?, 'GTQ', 0, 0, ?, ?)`,
    ).run('c'.repeat(64), T, T)
    db.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES ('c1', 'm1', 'Ana', ?, ?)`).run(T, T)
    db.prepare(
      `INSERT INTO deposits (id, client_id, machine_id, amount, currency, status, created_at, updated_at, confirmed_at) VALUES ('d1', 'c1', 'm1', 500, 'GTQ', 'confirmed', ?, ?, ?)`,
    ).run(T, T, T)
    db.prepare(
      `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, created_at, updated_at) VALUES ('s1', 'm1', 'manual', 'tx-1', 'cash_out', 1000, 100, 'GTQ', 0, 0, ?, ?)`,
    ).run(T, T)
    db.prepare(
      `INSERT INTO legs (id, settlement_id, leg_type, target, amount_sats, created_at, updated_at) VALUES ('l1', 's1', 'super_fee', 'x', 10, ?, ?)`,
    ).run(T, T)

    expect(migrate(db, migrations.slice(0, 3), now)).toEqual(['0003_void_and_reverse'])
    expect(db.prepare('SELECT id, status, void_reason FROM settlements').all()).toEqual([
      { id: 's1', status: 'pending', void_reason: null },
    ])
    expect(db.prepare('SELECT id, status, amount, reversed_at FROM deposits').all()).toEqual([
      { id: 'd1', status: 'confirmed', amount: 500, reversed_at: null },
    ])
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
    // a voided settlement needs its reason, and stays voided
    expect(() => db.prepare(`UPDATE settlements SET status = 'voided' WHERE id = 's1'`).run()).toThrow(/CHECK/)
    db.prepare(`UPDATE settlements SET status = 'voided', void_reason = 'nothing dispensed' WHERE id = 's1'`).run()
    expect(() => db.prepare(`UPDATE settlements SET status = 'pending', void_reason = NULL WHERE id = 's1'`).run()).toThrow(
      /voided settlement cannot change/,
    )
    // a reversed deposit keeps when it was confirmed, needs when and why it was reversed, and stays reversed
    expect(() => db.prepare(`UPDATE deposits SET status = 'reversed' WHERE id = 'd1'`).run()).toThrow(/CHECK/)
    db.prepare(`UPDATE deposits SET status = 'reversed', reversed_at = ?, reversal_reason = 'counted twice' WHERE id = 'd1'`).run(T)
    expect(() =>
      db.prepare(`UPDATE deposits SET status = 'confirmed', reversed_at = NULL, reversal_reason = NULL WHERE id = 'd1'`).run(),
    ).toThrow(/reversed deposit cannot change/)
    db.close()
  })

  it('0005 starts the cash-in cursor of an existing machine wallet where its cash-out cursor stands', () => {
    const db = freshDb()
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 4), now)
    const T = now()
    db.prepare(
      `INSERT INTO wallet_bindings (id, role, label, lnbits_url, lnbits_wallet_id, invoice_key_enc, invoice_key_preview, created_at, updated_at) VALUES ('b1', 'funding', '', 'http://x', 'w', x'00', '…', ?, ?)`,
    ).run(T, T)
    db.prepare(`INSERT INTO ingestion_cursors (wallet_binding_id, after_time, updated_at) VALUES ('b1', 1700000000, ?)`).run(T)
    expect(migrate(db, migrations.slice(0, 5), now)).toEqual(['0005_cash_in_cursor'])
    expect(db.prepare('SELECT after_time, out_after_time FROM ingestion_cursors').all()).toEqual([
      { after_time: 1700000000, out_after_time: 1700000000 },
    ])
    expect(() => db.prepare('UPDATE ingestion_cursors SET out_after_time = -1').run()).toThrow(/CHECK/)
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

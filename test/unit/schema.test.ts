import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { migrate } from '../../src-main/core/ledger/migrate'
import { migrations } from '../../migrations/index'
import { newPubkey } from '../support/keys'
import { tempDir } from '../support/tmp'

// The schema itself refuses what the design forbids, so even a core bug cannot write it.
const T = '2026-01-01T00:00:00.000Z'
let db: BetterSqlite3.Database
let dir: { remove(): void }

beforeEach(() => {
  const d = tempDir()
  dir = d
  db = new BetterSqlite3(join(d.path, 'ledger.sqlite'))
  db.pragma('foreign_keys = ON')
  migrate(db, migrations, () => T)
  addMachine('m1')
  addMachine('m2')
  db.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES ('c1', 'm1', 'Ana', ?, ?)`).run(T, T)
})
afterEach(() => {
  db.close()
  dir.remove()
})

function addMachine(id: string) {
  db.prepare(
    `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at)
     VALUES (?, ?, ?, 'GTQ', 300, 350, ?, ?)`,
  ).run(id, `ATM ${id}`, newPubkey().hex, T, T)
}

function settlement(id: string, machine: string, txid: string, extra: { payment_hash?: string; crypto_atoms?: number } = {}) {
  db.prepare(
    `INSERT INTO settlements (id, machine_id, source, txid, payment_hash, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, created_at, updated_at)
     VALUES (?, ?, 'manual', ?, ?, 'cash_out', ?, 10000, 'GTQ', 100, 300, ?, ?)`,
  ).run(id, machine, txid, extra.payment_hash ?? null, extra.crypto_atoms ?? 1000, T, T)
}

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('ledger constraints', () => {
  it('txid is unique per machine, not across machines; a rejected claim of a txid does not block it', () => {
    settlement('s1', 'm1', 'tx-1')
    expect(() => settlement('s2', 'm1', 'tx-1')).toThrow(/UNIQUE constraint failed: settlements.machine_id, settlements.txid/)
    settlement('s3', 'm2', 'tx-1')
    expect(count('settlements')).toBe(2)
    db.prepare(
      `INSERT INTO settlements (id, machine_id, source, txid, payment_hash, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, status, rejection_reason, created_at, updated_at)
       VALUES ('s4', 'm1', 'lnbits', 'tx-1', ?, 'cash_out', 5, 0, 'GTQ', 0, 0, 'rejected', 'replayed attestation', ?, ?)`,
    ).run('b'.repeat(64), T, T)
    expect(count('settlements')).toBe(3)
    expect(() => db.prepare(`UPDATE settlements SET status = 'pending' WHERE id = 's4'`).run()).toThrow(
      /a rejected settlement cannot change status/,
    )
  })

  it('an ingested settlement names its payment', () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, created_at, updated_at)
         VALUES ('s1', 'm1', 'lnbits', 'tx-1', 'cash_out', 5, 0, 'GTQ', 0, 0, ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/CHECK constraint failed/)
  })

  it('payment_hash is unique', () => {
    const hash = 'a'.repeat(64)
    settlement('s1', 'm1', 'tx-1', { payment_hash: hash })
    expect(() => settlement('s2', 'm2', 'tx-2', { payment_hash: hash })).toThrow(/UNIQUE constraint failed: settlements.payment_hash/)
  })

  it('amounts are positive', () => {
    expect(() => settlement('s1', 'm1', 'tx-1', { crypto_atoms: 0 })).toThrow(/CHECK constraint failed/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO deposits (id, client_id, machine_id, amount, currency, created_at, updated_at) VALUES ('d1', 'c1', 'm1', 0, 'GTQ', ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/CHECK constraint failed/)
    settlement('s1', 'm1', 'tx-1')
    expect(() =>
      db
        .prepare(
          `INSERT INTO legs (id, settlement_id, leg_type, target, amount_sats, created_at, updated_at) VALUES ('l1', 's1', 'super_fee', 'x', 0, ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/CHECK constraint failed/)
  })

  it('an integer column refuses a float (STRICT tables)', () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO deposits (id, client_id, machine_id, amount, currency, created_at, updated_at) VALUES ('d1', 'c1', 'm1', 10.5, 'GTQ', ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/cannot store REAL value in INTEGER column/)
  })

  it("a deposit's client must belong to the deposit's machine", () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO deposits (id, client_id, machine_id, amount, currency, created_at, updated_at) VALUES ('d1', 'c1', 'm2', 100, 'GTQ', ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('a split ruleset must sum to exactly 1.0000, and is never edited in place', () => {
    const save = (id: string, machine: string | null, parts: number[]) =>
      db.transaction(() => {
        parts.forEach((p, i) =>
          db
            .prepare(
              `INSERT INTO split_legs (ruleset_id, position, target_kind, destination, destination_enc, label, fraction_parts) VALUES (?, ?, 'external', 'x@y.z', x'00', 'partner', ?)`,
            )
            .run(id, i, p),
        )
        db.prepare(`INSERT INTO split_rulesets (id, machine_id, created_by, created_at) VALUES (?, ?, 'test', ?)`).run(id, machine, T)
      })()
    expect(() => save('r1', null, [5000, 4999])).toThrow(/must sum to exactly 1.0000/)
    expect(count('split_legs')).toBe(0)
    save('r2', null, [3333, 3333, 3334])
    expect(() => db.prepare(`UPDATE split_legs SET fraction_parts = 1 WHERE ruleset_id = 'r2' AND position = 0`).run()).toThrow(
      /replaced whole/,
    )
    expect(() =>
      db
        .prepare(
          `INSERT INTO split_legs (ruleset_id, position, target_kind, destination, destination_enc, label, fraction_parts) VALUES ('r2', 9, 'external', 'x', x'00', 'y', 1)`,
        )
        .run(),
    ).toThrow(/replaced whole/)
    expect(() => save('r3', null, [10000])).toThrow(/UNIQUE constraint failed/) // one default ruleset
    save('r4', 'm1', [10000]) // plus one override per machine
  })

  it('the audit log and settlement notes are append-only', () => {
    db.prepare(
      `INSERT INTO audit_log (at, actor, command, entity, entity_id, prev_hash, hash) VALUES (?, 'a', 'c', 'e', 'i', 'p', 'h')`,
    ).run(T)
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'b'`).run()).toThrow(/append-only/)
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/)
    settlement('s1', 'm1', 'tx-1')
    db.prepare(`INSERT INTO settlement_notes (settlement_id, author, body, created_at) VALUES ('s1', 'a', 'jam at bay 2', ?)`).run(T)
    expect(() => db.prepare(`DELETE FROM settlement_notes`).run()).toThrow(/append-only/)
  })

  it('a machine pubkey is unique canonical hex', () => {
    const hex = newPubkey().hex
    const insert = (id: string, key: string) =>
      db
        .prepare(
          `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES (?, 'x', ?, 'GTQ', 0, 0, ?, ?)`,
        )
        .run(id, key, T, T)
    insert('m3', hex)
    expect(() => insert('m4', hex)).toThrow(/UNIQUE/)
    expect(() => insert('m5', newPubkey().hex.toUpperCase())).toThrow(/CHECK/)
  })

  it('an in-flight leg always has its invoice and hash persisted', () => {
    settlement('s1', 'm1', 'tx-1')
    expect(() =>
      db
        .prepare(
          `INSERT INTO legs (id, settlement_id, leg_type, target, amount_sats, status, created_at, updated_at) VALUES ('l1', 's1', 'super_fee', 'x', 5, 'in_flight', ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/CHECK constraint failed/)
  })
})

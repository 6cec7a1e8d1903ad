import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import fc from 'fast-check'
import { join } from 'node:path'
import { migrate } from '../../src-main/core/ledger/migrate'
import { migrations } from '../../migrations/index'
import { tempDir } from '../support/tmp'

// lp_allocated: each LP's allocated fiat, kept by triggers on legs. Whatever is done to the legs,
// it must equal the sum it stands for.
const T = '2026-01-01T00:00:00.000Z'
const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function ledger(upTo = migrations.length): BetterSqlite3.Database {
  const d = tempDir()
  dirs.push(d)
  const db = new BetterSqlite3(join(d.path, 'ledger.sqlite'))
  db.pragma('foreign_keys = ON')
  migrate(db, migrations.slice(0, upTo), () => T)
  db.prepare(
    `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES ('m', 'M', ?, 'GTQ', 0, 0, ?, ?)`,
  ).run('a'.repeat(64), T, T)
  for (const c of CLIENTS)
    db.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES (?, 'm', ?, ?, ?)`).run(c, c, T, T)
  db.prepare(
    `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, status, created_at, updated_at) VALUES ('s', 'm', 'manual', 't', 'cash_out', 1000, 100, 'GTQ', 0, 0, 'processing', ?, ?)`,
  ).run(T, T)
  return db
}

const CLIENTS = ['lp-a', 'lp-b', 'lp-c']
const TYPES = ['dca', 'balance_settlement', 'operator_split', 'super_fee'] as const
type Status = 'planned' | 'in_flight' | 'completed' | 'failed' | 'voided'

/** Every LP's fiat of non-voided dca and balance_settlement legs, summed now, against what is kept. */
function sums(db: BetterSqlite3.Database) {
  const summed = db
    .prepare(
      `SELECT c.id, coalesce((SELECT sum(amount_fiat) FROM legs l WHERE l.client_id = c.id AND l.leg_type IN ('dca', 'balance_settlement') AND l.status <> 'voided'), 0) AS fiat FROM clients c ORDER BY c.id`,
    )
    .all()
  const kept = db
    .prepare(`SELECT c.id, coalesce((SELECT fiat FROM lp_allocated a WHERE a.client_id = c.id), 0) AS fiat FROM clients c ORDER BY c.id`)
    .all()
  return { summed, kept }
}

let n = 0
function insertLeg(db: BetterSqlite3.Database, type: (typeof TYPES)[number], client: string, fiat: number, status: Status) {
  const id = `leg-${n++}`
  const settlement = type === 'balance_settlement' ? null : 's'
  const withClient = type === 'dca' || type === 'balance_settlement' ? client : null
  const hash = status === 'in_flight' ? `h-${id}` : null
  db.prepare(
    `INSERT INTO legs (id, settlement_id, leg_type, client_id, target, amount_sats, amount_fiat, status, bolt11, payment_hash, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 10, ?, ?, ?, ?, ?, ?)`,
  ).run(id, settlement, type, withClient, fiat, status, hash ? 'lnbc' : null, hash, T, T)
  return id
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    type: fc.constantFrom(...TYPES),
    client: fc.constantFrom(...CLIENTS),
    fiat: fc.integer({ min: 0, max: 10_000 }),
    status: fc.constantFrom('planned', 'completed', 'failed', 'voided'),
  }),
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('planned', 'completed', 'failed', 'voided') }),
  fc.record({ kind: fc.constant('fiat' as const), pick: fc.nat(), fiat: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('client' as const), pick: fc.nat(), client: fc.constantFrom(...CLIENTS) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
)

describe('lp_allocated', () => {
  it('equals the sum of each LP’s legs after any sequence of inserts, status changes, edits and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const db = ledger()
        const ids: string[] = []
        for (const o of ops) {
          const pick = 'pick' in o && ids.length > 0 ? ids[o.pick % ids.length]! : null
          if (o.kind === 'insert') ids.push(insertLeg(db, o.type, o.client, o.fiat, o.status))
          else if (pick && o.kind === 'status') db.prepare('UPDATE legs SET status = ? WHERE id = ?').run(o.status, pick)
          else if (pick && o.kind === 'fiat') db.prepare('UPDATE legs SET amount_fiat = ? WHERE id = ?').run(o.fiat, pick)
          else if (pick && o.kind === 'client')
            db.prepare('UPDATE legs SET client_id = ? WHERE id = ? AND client_id IS NOT NULL').run(o.client, pick)
          else if (pick && o.kind === 'delete') {
            db.prepare('DELETE FROM legs WHERE id = ?').run(pick)
            ids.splice(ids.indexOf(pick), 1)
          }
          const { summed, kept } = sums(db)
          expect(kept).toEqual(summed)
        }
        db.close()
      }),
      { numRuns: 60 },
    )
  })

  it('a rolled-back change leaves it as it was', () => {
    const db = ledger()
    insertLeg(db, 'dca', 'lp-a', 500, 'completed')
    const before = sums(db).kept
    expect(() =>
      db.transaction(() => {
        insertLeg(db, 'dca', 'lp-a', 700, 'planned')
        throw new Error('refused')
      })(),
    ).toThrow('refused')
    expect(sums(db).kept).toEqual(before)
    expect(before).toContainEqual({ id: 'lp-a', fiat: 500 })
  })

  it('is filled from the legs a ledger already has when it is added', () => {
    const db = ledger(migrations.findIndex((m) => m.id === '0010_lp_allocated'))
    insertLeg(db, 'dca', 'lp-a', 300, 'completed')
    insertLeg(db, 'dca', 'lp-a', 200, 'voided')
    insertLeg(db, 'balance_settlement', 'lp-b', 900, 'planned')
    migrate(db, migrations, () => T)
    expect(sums(db).kept).toEqual([
      { id: 'lp-a', fiat: 300 },
      { id: 'lp-b', fiat: 900 },
      { id: 'lp-c', fiat: 0 },
    ])
  })
})

import { afterAll, describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { openCore } from '../src-main/core/core'
import { inWriteTransaction } from '../src-main/core/ledger/transaction'
import { openLedger } from '../src-main/core/ledger/open'
import { persistPlan } from '../src-main/core/settlement/processor'
import { dataKeyOf } from '../test/support/data-key'
import { silentLogger } from '../test/support/core'
import { newPubkey } from '../test/support/keys'
import { tempDir } from '../test/support/tmp'

/**
 * Ledger benchmarks. Each figure is printed next to the floor: raw better-sqlite3 inserting
 * the same number of rows, in one transaction, in the same run on the same machine.
 */
const rows: { what: string; ms: number; floorMs: number; floorRows: number }[] = []
const T = '2026-01-01T00:00:00.000Z'

afterAll(() => {
  const pad = (s: string, n: number) => s.padEnd(n)
  const lines = [
    `${pad('benchmark', 58)} ${pad('ms', 10)} ${pad('floor ms', 10)} ${pad('floor rows', 11)} ratio`,
    ...rows.map(
      (r) =>
        `${pad(r.what, 58)} ${pad(r.ms.toFixed(1), 10)} ${pad(r.floorMs.toFixed(1), 10)} ${pad(String(r.floorRows), 11)} ${(r.ms / r.floorMs).toFixed(1)}x`,
    ),
  ]
  console.log('\n' + lines.join('\n') + '\n')
})

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const r = fn()
  return [r, performance.now() - t0]
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const r = await fn()
  return [r, performance.now() - t0]
}

/** The floor: n rows shaped like legs, inserted raw with one prepared statement in one transaction. */
function floor(n: number): number {
  const dir = tempDir('satop-bench-floor-')
  const db = new BetterSqlite3(join(dir.path, 'floor.sqlite'))
  db.pragma('journal_mode = WAL')
  db.exec(
    'CREATE TABLE t (id TEXT PRIMARY KEY, settlement_id TEXT, leg_type TEXT, target TEXT, amount_sats INTEGER, amount_fiat INTEGER, status TEXT, created_at TEXT) STRICT',
  )
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const [, ms] = time(() =>
    db.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(uuidv7(), 's', 'dca', 'x@y.z', 1000 + i, 100, 'planned', T)
    })(),
  )
  db.close()
  dir.remove()
  return ms
}

/** A machine with `lps` funded LPs, written raw (set-up is not what is measured). */
function seedMachine(dataDir: string, lps: number, sealed: Buffer): string {
  const db = new BetterSqlite3(join(dataDir, 'ledger.sqlite'))
  const machineId = uuidv7()
  db.transaction(() => {
    db.prepare(
      `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES (?, 'Bench', ?, 'GTQ', 300, 500, ?, ?)`,
    ).run(machineId, newPubkey().hex, T, T)
    const client = db.prepare(
      `INSERT INTO clients (id, machine_id, name, payout_destination, destination_kind, destination_enc, created_at, updated_at) VALUES (?, ?, ?, ?, 'lightning_address', ?, ?, ?)`,
    )
    const deposit = db.prepare(
      `INSERT INTO deposits (id, client_id, machine_id, amount, currency, status, created_at, updated_at, confirmed_at) VALUES (?, ?, ?, ?, 'GTQ', 'confirmed', ?, ?, ?)`,
    )
    for (let i = 0; i < lps; i++) {
      const id = uuidv7()
      client.run(id, machineId, `LP ${i}`, `lp${i}@example.com`, sealed, T, T)
      deposit.run(uuidv7(), id, machineId, 10_000 + (i % 97) * 100, T, T, T)
    }
  })()
  db.close()
  return machineId
}

describe('ledger benchmarks', () => {
  for (const lps of [10, 100, 1_000, 10_000]) {
    it(`plan and persist one cash-out across ${lps} LPs`, async () => {
      const dir = tempDir('satop-bench-')
      const core = openCore({ dataDir: dir.path, logger: silentLogger })
      const machineId = seedMachine(dir.path, lps, (await dataKeyOf(dir.path)).seal('lp@example.com'))
      const rec = await core.call(
        'settlements.record',
        { machine_id: machineId, txid: 'bench', direction: 'cash_out', crypto_atoms: 50_000_000, fiat_amount: 5_000_000 },
        { actor: 'bench' },
      )
      if (!rec.ok) throw new Error(rec.error.message)
      const ledger = openLedger({ dataDir: dir.path, now: () => T })
      const s = await ledger.db.selectFrom('settlements').selectAll().executeTakeFirstOrThrow()
      const [, ms] = await timeAsync(() => inWriteTransaction(ledger.db, (trx) => persistPlan({ now: () => T, newId: uuidv7 }, trx, s)))
      const legs = (ledger.raw.prepare('SELECT count(*) AS n FROM legs').get() as { n: number }).n
      rows.push({ what: `plan + persist 1 cash-out, ${lps} LPs (${legs} legs)`, ms, floorMs: floor(legs), floorRows: legs })
      await ledger.close()
      await core.close()
      dir.remove()
    })
  }

  it('record and plan 100,000 settlements', async () => {
    const dir = tempDir('satop-bench-')
    const core = openCore({ dataDir: dir.path, logger: silentLogger })
    const machineId = seedMachine(dir.path, 2, (await dataKeyOf(dir.path)).seal('lp@example.com'))
    const ledger = openLedger({ dataDir: dir.path, now: () => T })
    const N = 100_000
    const [, ms] = await timeAsync(async () => {
      for (let i = 0; i < N; i++) {
        const r = await core.call(
          'settlements.record',
          { machine_id: machineId, txid: `t${i}`, direction: 'cash_out', crypto_atoms: 100_000 + i, fiat_amount: 1_000 },
          { actor: 'bench' },
        )
        if (!r.ok) throw new Error(r.error.message)
        const s = await ledger.db
          .selectFrom('settlements')
          .selectAll()
          .where('id', '=', (r.result as { id: string }).id)
          .executeTakeFirstOrThrow()
        await inWriteTransaction(ledger.db, (trx) => persistPlan({ now: () => T, newId: uuidv7 }, trx, s))
      }
    })
    const legs = (ledger.raw.prepare('SELECT count(*) AS n FROM legs').get() as { n: number }).n
    rows.push({ what: `record + plan ${N} settlements (${legs} legs, with audit)`, ms, floorMs: floor(N + legs), floorRows: N + legs })
    await ledger.close()
    await core.close()
    dir.remove()
  })

  it('reconcile a ledger of 1,000,000 legs', async () => {
    const dir = tempDir('satop-bench-')
    const core = openCore({ dataDir: dir.path, logger: silentLogger })
    await core.close()
    const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    const machineId = uuidv7()
    const lpIds: string[] = []
    const LEGS = 1_000_000
    const PER = 5 // legs per settlement: 2 splits, 2 DCA, principal
    db.transaction(() => {
      db.prepare(
        `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES (?, 'Bench', ?, 'GTQ', 300, 500, ?, ?)`,
      ).run(machineId, newPubkey().hex, T, T)
      for (let i = 0; i < 100; i++) {
        const id = uuidv7()
        lpIds.push(id)
        db.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
          id,
          machineId,
          `LP ${i}`,
          T,
          T,
        )
      }
      const s = db.prepare(
        `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, status, created_at, updated_at) VALUES (?, ?, 'manual', ?, 'cash_out', ?, 1000, 'GTQ', 0, 500, 'completed', ?, ?)`,
      )
      const l = db.prepare(
        `INSERT INTO legs (id, settlement_id, position, leg_type, client_id, target, amount_sats, amount_fiat, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?, 'completed', ?, ?)`,
      )
      for (let i = 0; i < LEGS / PER; i++) {
        const sid = uuidv7()
        s.run(sid, machineId, `t${i}`, 5 * 1000, T, T)
        l.run(uuidv7(), sid, 0, 'operator_split', null, 1000, null, T, T)
        l.run(uuidv7(), sid, 1, 'operator_split', null, 1000, null, T, T)
        l.run(uuidv7(), sid, 2, 'dca', lpIds[i % 100], 1000, 100, T, T)
        l.run(uuidv7(), sid, 3, 'dca', lpIds[(i + 1) % 100], 1000, 100, T, T)
        l.run(uuidv7(), sid, 4, 'operator_principal', null, 1000, null, T, T)
      }
    })()
    db.exec('ANALYZE')
    // Reconciliation: every settlement's non-voided legs add up to what came in, and every LP's allocated fiat.
    const [result, ms] = time(() => {
      const mismatched = db
        .prepare(
          `SELECT s.id FROM settlements s JOIN legs l ON l.settlement_id = s.id AND l.status <> 'voided'
           WHERE s.direction = 'cash_out' GROUP BY s.id HAVING sum(l.amount_sats) <> coalesce(s.dispensed_sats, s.crypto_atoms)`,
        )
        .all()
      const allocated = db
        .prepare(
          `SELECT client_id, sum(amount_fiat) AS fiat FROM legs WHERE leg_type IN ('dca', 'balance_settlement') AND status <> 'voided' AND client_id IS NOT NULL GROUP BY client_id`,
        )
        .all()
      return { mismatched: mismatched.length, lps: allocated.length }
    })
    if (result.mismatched !== 0 || result.lps !== 100) throw new Error(`reconciliation found ${JSON.stringify(result)}`)
    rows.push({ what: `reconcile ${LEGS} legs (${LEGS / PER} settlements, 100 LPs)`, ms, floorMs: floor(LEGS), floorRows: LEGS })
    db.close()
    dir.remove()
  })
})

import { describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { auditHash, GENESIS_HASH } from '../src-main/core/audit/log'
import { groupBy } from '../src-main/core/group-by'
import { SETTING } from '../src-main/core/settings/store'
import { commandRunner, type CoreServices } from '../src-main/core/commands/run'
import { newId } from '../src-main/core/new-id'
import { openCore } from '../src-main/core/core'
import { inWriteTransaction } from '../src-main/core/ledger/transaction'
import { openLedger, type Ledger } from '../src-main/core/ledger/open'
import { persistPlan } from '../src-main/core/settlement/processor'
import { loadSettlement } from '../src-main/core/settlement/queries'
import { dataKeyOf } from '../test/support/data-key'
import { silentLogger } from '../test/support/core'
import { newPubkey } from '../test/support/keys'
import { tempDir } from '../test/support/tmp'
import { median, report, timeAsync } from './support/report'

/**
 * Ledger benchmarks. Each floor writes the very rows the app wrote, raw, with one prepared
 * statement per table, into a copy of the ledger as it was before the app's run (same schema,
 * same indexes), in the same run on the same machine.
 */
const T = '2026-01-01T00:00:00.000Z'
type Row = Record<string, unknown>

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
      deposit.run(uuidv7(), id, machineId, 10_000_000 + (i % 97) * 100, T, T, T)
    }
  })()
  db.close()
  return machineId
}

/** The floor's database: the ledger as it stands now, copied whole. */
function copyLedger(ledger: Ledger, dir: string): BetterSqlite3.Database {
  const path = join(dir, 'floor.sqlite')
  ledger.raw.prepare('VACUUM INTO ?').run(path)
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  return db
}

/** One prepared INSERT for a table, given the columns of a row read from it. */
function inserter(db: BetterSqlite3.Database, table: string, sample: Row) {
  const cols = Object.keys(sample)
  const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
  return (row: Row) => stmt.run(...cols.map((c) => row[c]))
}

/**
 * A ledger with one machine and its LPs, and the command table's runner on it. Sales are recorded
 * through the runner and planned on the same connection, as the core does: a second connection
 * would find its page cache stale after each of the other's commits.
 */
async function openBench(lps: number) {
  const dir = tempDir('satop-bench-')
  const core = openCore({ dataDir: dir.path, logger: silentLogger })
  const machineId = seedMachine(dir.path, lps, (await dataKeyOf(dir.path)).seal('lp@example.com'))
  await core.close()
  const ledger = openLedger({ dataDir: dir.path, now: () => T })
  // settlements.record needs only these of the core's services
  const services = { now: () => T, newId, logger: silentLogger } as unknown as CoreServices
  const run = commandRunner(ledger.db, services, () => {})
  const close = async () => {
    await ledger.close()
    dir.remove()
  }
  return { dir, run, machineId, ledger, close }
}

type Run = ReturnType<typeof commandRunner>

async function record(run: Run, machineId: string, txid: string, crypto_atoms: number, fiat_amount: number): Promise<string> {
  const r = await run(
    'settlements.record',
    { machine_id: machineId, txid, direction: 'cash_out', crypto_atoms, fiat_amount },
    { actor: 'bench' },
  )
  return (r as { id: string }).id
}

async function plan(ledger: Ledger, id: string): Promise<void> {
  const s = await loadSettlement(ledger.db, id)
  await inWriteTransaction(ledger.db, (trx) => persistPlan({ now: () => T, newId }, trx, s))
}

describe('ledger benchmarks', () => {
  // The core runs as a long-lived process that has planned sales before: measured cold, a plan
  // is mostly V8 compiling the core's code, which happens once per process, not once per sale.
  it('warms the core up: 200 sales recorded and planned, not measured', async () => {
    const b = await openBench(10)
    for (let k = 0; k < 200; k++) await plan(b.ledger, await record(b.run, b.machineId, `warm-${k}`, 50_000_000, 100_000))
    await b.close()
  })

  for (const lps of [10, 100, 1_000, 10_000]) {
    it(`plan and persist one cash-out across ${lps} LPs`, async () => {
      // The median of several: the first of anything in a fresh process is not what a sale costs.
      // Each plan is followed by its floor, so a slower minute of this machine slows both alike.
      const K = 15
      const b = await openBench(lps)
      const ids: string[] = []
      for (let k = 0; k < K; k++) ids.push(await record(b.run, b.machineId, `bench-${k}`, 50_000_000, 50_000 * lps))
      const floorDb = copyLedger(b.ledger, b.dir.path)
      const update = floorDb.prepare('UPDATE settlements SET base_sats = ?, commission_sats = ?, plan_inputs_json = ? WHERE id = ?')
      let insertLeg: ((row: Row) => unknown) | undefined
      const app: number[] = []
      const floor: number[] = []
      let legs = 0
      for (const id of ids) {
        app.push((await timeAsync(() => plan(b.ledger, id)))[1])
        // Floor: the same legs and the same settlement update, raw, one transaction.
        const rows = b.ledger.raw.prepare('SELECT * FROM legs WHERE settlement_id = ? ORDER BY position').all(id) as Row[]
        const s = b.ledger.raw.prepare('SELECT base_sats, commission_sats, plan_inputs_json FROM settlements WHERE id = ?').get(id) as Row
        legs = rows.length
        insertLeg ??= inserter(floorDb, 'legs', rows[0]!)
        const t0 = performance.now()
        floorDb.transaction(() => {
          for (const l of rows) insertLeg!(l)
          update.run(s.base_sats, s.commission_sats, s.plan_inputs_json, id)
        })()
        floor.push(performance.now() - t0)
      }
      floorDb.close()
      report({
        name: `plan + persist 1 cash-out, ${lps.toLocaleString('en-US')} LPs (${legs.toLocaleString('en-US')} legs)`,
        app_ms: median(app),
        floor_ms: median(floor),
        floor: `its legs inserted raw, one transaction (median of ${K})`,
        goal: 2,
      })
      await b.close()
    })
  }

  it('record and plan 100,000 settlements', async () => {
    const N = 100_000
    const BLOCK = 10_000
    const b = await openBench(2)
    const floorDb = copyLedger(b.ledger, b.dir.path)

    // Floor: each sale's rows as the app wrote them (settlement, legs, audit row with its hash
    // chained to the one before, the chain's head in the settings), raw, one transaction per sale. Each block of the floor runs
    // right after the app's, so a slower minute of this machine slows both alike; its rows are
    // read before it is timed (holding all 100,000 at once made the floor pay for collecting them).
    const raw = b.ledger.raw
    const settlementsOf = raw.prepare('SELECT * FROM settlements WHERE id > ? ORDER BY id LIMIT ?')
    const legsOf = raw.prepare('SELECT * FROM legs WHERE settlement_id > ? AND settlement_id <= ? ORDER BY settlement_id, position')
    const auditOf = raw.prepare(
      "SELECT at, actor, command, entity, entity_id, before_json, after_json FROM audit_log WHERE entity = 'settlement' AND entity_id > ? AND entity_id <= ? ORDER BY seq",
    )
    const insertAudit = floorDb.prepare(
      'INSERT INTO audit_log (at, actor, command, entity, entity_id, before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    // The chain's head, kept in the settings with each row as the app keeps it (audit/log.ts).
    const keepHead = floorDb.prepare(
      'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
    )
    const begin = floorDb.prepare('BEGIN IMMEDIATE')
    const commit = floorDb.prepare('COMMIT')
    let prev = GENESIS_HASH
    let after = ''
    let legs = 0
    const floorBlock = (): number => {
      const settlements = settlementsOf.all(after, BLOCK) as Row[]
      const last = settlements.at(-1)!.id as string
      const blockLegs = groupBy(legsOf.all(after, last) as Row[], (r) => r.settlement_id)
      const blockAudit = groupBy(auditOf.all(after, last) as Row[], (r) => r.entity_id)
      legs += [...blockLegs.values()].reduce((a, l) => a + l.length, 0)
      const insertSettlement = inserter(floorDb, 'settlements', settlements[0]!)
      const insertLeg = inserter(floorDb, 'legs', blockLegs.get(settlements[0]!.id)![0]!)
      const t0 = performance.now()
      for (const s of settlements) {
        begin.run()
        insertSettlement(s)
        for (const l of blockLegs.get(s.id) ?? []) insertLeg(l)
        for (const a of blockAudit.get(s.id) ?? []) {
          const row = a as Parameters<typeof auditHash>[1]
          const hash = auditHash(prev, row)
          const { lastInsertRowid } = insertAudit.run(
            row.at,
            row.actor,
            row.command,
            row.entity,
            row.entity_id,
            row.before_json,
            row.after_json,
            prev,
            hash,
          )
          keepHead.run(SETTING.auditHead, JSON.stringify({ seq: Number(lastInsertRowid), hash }), row.at)
          prev = hash
        }
        commit.run()
      }
      after = last
      return performance.now() - t0
    }

    const appBlocks: number[] = []
    const floorBlocks: number[] = []
    for (let k = 0; k < N / BLOCK; k++) {
      const t0 = performance.now()
      for (let i = k * BLOCK; i < (k + 1) * BLOCK; i++) await plan(b.ledger, await record(b.run, b.machineId, `t${i}`, 100_000 + i, 1_000))
      appBlocks.push(performance.now() - t0)
      floorBlocks.push(floorBlock())
    }
    floorDb.close()
    const floor = 'the same rows raw, one transaction per sale, audit hash chained and its head kept'
    for (const [k, ms] of appBlocks.entries())
      report({
        name: `record + plan a sale, sales ${(k * BLOCK + 1).toLocaleString('en-US')}–${((k + 1) * BLOCK).toLocaleString('en-US')} (per sale)`,
        app_ms: ms / BLOCK,
        floor_ms: floorBlocks[k]! / BLOCK,
        floor,
        goal: 3,
      })
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0)
    report({
      name: `record + plan ${N.toLocaleString('en-US')} sales (${legs.toLocaleString('en-US')} legs), whole run`,
      app_ms: sum(appBlocks),
      floor_ms: sum(floorBlocks),
      floor,
      goal: 3,
      note: `last block / first block: app ${(appBlocks.at(-1)! / appBlocks[0]!).toFixed(2)}, floor ${(floorBlocks.at(-1)! / floorBlocks[0]!).toFixed(2)}`,
    })
    await b.close()
  })
})

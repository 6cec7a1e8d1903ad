import { describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { openCore } from '../src-main/core/core'
import { planSettlement, type PlanInput } from '../src-main/core/settlement/plan'
import { toPlanRecord } from '../src-main/core/settlement/plan-record'
import { silentLogger } from '../test/support/core'
import { newPubkey } from '../test/support/keys'
import { tempDir } from '../test/support/tmp'
import { memoryNote, report, time, timeAsync, withMemoryPeak } from './support/report'

/**
 * The app's own checks over a ledger of 1,000,000 legs, next to a bare aggregate query over the
 * same tables. The ledger is written raw, each settlement planned by the app's own planner and
 * keeping its inputs, as a real one is.
 */
const T = '2026-01-01T00:00:00.000Z'
const LEGS = 1_000_000
const LPS = 100

function seed(path: string): { settlements: number; legs: number } {
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  const machineId = uuidv7()
  const lps: string[] = []
  let settlements = 0
  let legs = 0
  db.transaction(() => {
    db.prepare(
      `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES (?, 'Bench', ?, 'GTQ', 300, 500, ?, ?)`,
    ).run(machineId, newPubkey().hex, T, T)
    for (let i = 0; i < LPS; i++) {
      const id = uuidv7()
      lps.push(id)
      db.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
        id,
        machineId,
        `LP ${i}`,
        T,
        T,
      )
    }
    const s = db.prepare(
      `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, base_sats, commission_sats, plan_inputs_json, status, created_at, updated_at) VALUES (?, ?, 'manual', ?, 'cash_out', ?, ?, 'GTQ', ?, ?, ?, ?, ?, 'completed', ?, ?)`,
    )
    const l = db.prepare(
      `INSERT INTO legs (id, settlement_id, position, leg_type, client_id, target, amount_sats, amount_fiat, fiat_code, status, payment_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?, 'completed', ?, ?, ?)`,
    )
    for (let i = 0; legs < LEGS; i++) {
      // two splits of the commission and two LPs sharing the base: five legs with the platform fee
      const input: PlanInput = {
        direction: 'cash_out',
        crypto_atoms: 100_000 + (i % 9_973),
        fiat_amount: 1_000 + (i % 97),
        super_parts: 200,
        operator_parts: 500,
        discount_bps: 0,
        super_destination: 'platform@example.com',
        splits: [
          { position: 0, client_id: null, target: 'a@example.com', label: 'A', parts: 6_000 },
          { position: 1, client_id: null, target: 'b@example.com', label: 'B', parts: 4_000 },
        ],
        lps: [0, 1].map((k) => ({ client_id: lps[(i + k) % LPS]!, target: 'x', label: 'x', remaining_fiat: 1_000_000 })),
      }
      const plan = planSettlement(input)
      const sid = uuidv7()
      s.run(
        sid,
        machineId,
        `t${i}`,
        input.crypto_atoms,
        input.fiat_amount,
        200,
        500,
        plan.base_sats,
        plan.commission_sats,
        JSON.stringify(toPlanRecord(input)),
        T,
        T,
      )
      settlements++
      for (const [position, leg] of plan.legs.entries()) {
        l.run(
          uuidv7(),
          sid,
          position,
          leg.leg_type,
          leg.client_id,
          leg.amount_sats,
          leg.amount_fiat,
          leg.amount_fiat === null ? null : 'GTQ',
          randomBytes(32).toString('hex'),
          T,
          T,
        )
        legs++
      }
    }
  })()
  db.exec('ANALYZE')
  db.close()
  return { settlements, legs }
}

describe('reconciliation benchmarks', () => {
  it(`verify commissions over ${LEGS.toLocaleString('en-US')} legs`, async () => {
    const dir = tempDir('satop-bench-')
    await openCore({ dataDir: dir.path, logger: silentLogger }).close()
    const path = join(dir.path, 'ledger.sqlite')
    const { settlements, legs } = seed(path)

    // Floor: one aggregate over the same settlements and legs, read whole.
    const raw = new BetterSqlite3(path, { readonly: true })
    const [rows, floorMs] = time(
      () =>
        raw
          .prepare(
            `SELECT s.id, s.base_sats, s.commission_sats, s.plan_inputs_json, count(*) AS legs, sum(l.amount_sats) AS sats, sum(l.amount_fiat) AS fiat
             FROM settlements s JOIN legs l ON l.settlement_id = s.id AND l.status <> 'voided'
             WHERE s.base_sats IS NOT NULL AND s.status IN ('processing', 'completed', 'errored')
             GROUP BY s.id`,
          )
          .all().length,
    )
    raw.close()
    if (rows !== settlements) throw new Error(`the floor read ${rows} settlements of ${settlements}`)

    const core = openCore({ dataDir: dir.path, logger: silentLogger })
    const start = process.memoryUsage()
    const [[result, ms], peak] = await withMemoryPeak(() =>
      timeAsync(async () => {
        const r = await core.call('reconcile.verifyCommissions', {}, { actor: 'bench' })
        if (!r.ok) throw new Error(r.error.message)
        return r.result as { checked: number; matching: number; balances: { differences: unknown[] } }
      }),
    )
    if (result.checked !== settlements || result.matching !== settlements || result.balances.differences.length !== 0)
      throw new Error(`verification found ${JSON.stringify(result).slice(0, 300)}`)
    report({
      name: `reconcile.verifyCommissions, ${legs.toLocaleString('en-US')} legs (${settlements.toLocaleString('en-US')} settlements)`,
      app_ms: ms,
      floor_ms: floorMs,
      floor: 'one aggregate query over the same settlements and legs',
      goal: 3,
      note: `${memoryNote(peak)} (heap at start ${(start.heapUsed / 2 ** 20).toFixed(0)} MiB)`,
    })
    await core.close()
    dir.remove()
  })
})

import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { planSettlement, type PlanInput } from '../../src-main/core/settlement/plan'
import { toPlanRecord } from '../../src-main/core/settlement/plan-record'
import { newPubkey } from '../../test/support/keys'

const T = '2026-01-01T00:00:00.000Z'
const LPS = 100

/**
 * A ledger of `count` legs, written raw: one machine, 100 LPs, and settlements of five legs each
 * (the platform fee, two commission splits, two LPs' DCA), each planned by the app's own planner
 * and keeping its inputs, as a real one is, with the hash of the payment it came in by and one
 * for each leg. One in five is errored (after its plan), the rest completed.
 */
export function seedLedger(path: string, count: number): { settlements: number; legs: number; machineId: string } {
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
      `INSERT INTO settlements (id, machine_id, source, txid, payment_hash, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, base_sats, commission_sats, plan_inputs_json, status, created_at, updated_at) VALUES (?, ?, 'manual', ?, ?, 'cash_out', ?, ?, 'GTQ', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const l = db.prepare(
      `INSERT INTO legs (id, settlement_id, position, leg_type, client_id, target, amount_sats, amount_fiat, fiat_code, status, payment_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?, 'completed', ?, ?, ?)`,
    )
    for (let i = 0; legs < count; i++) {
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
        randomBytes(32).toString('hex'),
        input.crypto_atoms,
        input.fiat_amount,
        200,
        500,
        plan.base_sats,
        plan.commission_sats,
        JSON.stringify(toPlanRecord(input)),
        i % 5 === 4 ? 'errored' : 'completed',
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
  return { settlements, legs, machineId }
}

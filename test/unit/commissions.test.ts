import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import type { Core } from '../../src-main/core/core'

// reconcile.verifyCommissions: every planned settlement planned again from what it stored, each
// difference listed with the stored and the recomputed legs.
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})
const edit = (core: Core, sql: string, ...params: unknown[]) => {
  const db = new BetterSqlite3(core.ledgerPath)
  // the ledger's own guards stand in the way of an edit behind the app's back; that is the point
  for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('legs', 'settlements')").all() as {
    name: string
  }[])
    db.exec(`DROP TRIGGER ${t.name}`)
  db.prepare(sql).run(...params)
  db.close()
}

describe('commission verification', () => {
  it('paid settlements plan again to exactly their legs; a leg edited behind the app is listed, stored next to recomputed', async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    const { settlement } = await fundedMachine(core)
    const second = await fundedMachine(core, { crypto_atoms: 100_000, fiat_amount: 50_000 })
    await ok(core, 'settlements.process', {})
    expect(await ok(core, 'reconcile.verifyCommissions', {})).toEqual({
      checked: 2,
      matching: 2,
      checked_on_columns: 0,
      differences: [],
      balances: { lps_checked: 4, differences: [] },
    })

    const detail = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    const dca = detail.legs.find((x) => x.leg_type === 'dca')!
    const principal = detail.legs.find((x) => x.leg_type === 'operator_principal')!
    // sats moved from the operator's principal to an LP's leg: the sum still holds, the split does not
    edit(core, 'UPDATE legs SET amount_sats = amount_sats + 100 WHERE id = ?', dca.id)
    edit(core, 'UPDATE legs SET amount_sats = amount_sats - 100 WHERE id = ?', principal.id)
    const found = await ok(core, 'reconcile.verifyCommissions', {})
    expect(found).toMatchObject({ checked: 2, matching: 1, differences: [{ settlement_id: settlement.id, txid: settlement.txid }] })
    const [d] = found.differences
    expect(d!.reason).toMatch(/^its legs are not what its inputs give: leg \d+ \(dca\) is \d+ sats/)
    const index = d!.stored.legs.findIndex((x) => x.amount_sats === dca.amount_sats + 100)
    expect(d!.recomputed!.legs[index]).toMatchObject({ leg_type: 'dca', amount_sats: dca.amount_sats })
    // scoped to the other machine, all is well
    expect(await ok(core, 'reconcile.verifyCommissions', { machine_id: second.machine.id })).toMatchObject({ checked: 1, differences: [] })
  })

  it('a settlement whose own inputs were changed after planning is listed; one planned before inputs were kept is checked on its columns', async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    const a = await fundedMachine(core)
    const b = await fundedMachine(core)
    await ok(core, 'settlements.process', {})
    edit(core, 'UPDATE settlements SET operator_fee_parts = operator_fee_parts + 1 WHERE id = ?', a.settlement.id)
    // b as if planned by an older version: no inputs kept, and its commission since altered
    edit(core, 'UPDATE settlements SET plan_inputs_json = NULL, commission_sats = commission_sats + 1 WHERE id = ?', b.settlement.id)
    const found = await ok(core, 'reconcile.verifyCommissions', {})
    expect(found).toMatchObject({ checked: 2, matching: 0, checked_on_columns: 1 })
    const reasons = Object.fromEntries(found.differences.map((x) => [x.settlement_id, x.reason]))
    expect(reasons[a.settlement.id]).toBe("the settlement's operator_parts no longer matches what it was planned from")
    expect(reasons[b.settlement.id]).toMatch(/^base\/commission \d+\/\d+ where its sats and fees give \d+\/\d+$/)
    expect(found.differences.find((x) => x.settlement_id === b.settlement.id)!.recomputed).toBeNull()
  })

  it("an LP's leg fiat edited behind the app is listed: the balance kept for it is no longer its legs' sum", async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    const { settlement, lps } = await fundedMachine(core)
    await ok(core, 'settlements.process', {})
    const dca = (await ok(core, 'settlements.get', { settlement_id: settlement.id })).legs.find((x) => x.leg_type === 'dca')!
    const before = await ok(core, 'clients.balance', { id: dca.client_id! })
    edit(core, 'UPDATE legs SET amount_fiat = amount_fiat + 7 WHERE id = ?', dca.id)
    const found = await ok(core, 'reconcile.verifyCommissions', {})
    const name = lps.find((x) => x.id === dca.client_id)!.name
    expect(found.balances).toEqual({
      lps_checked: 2,
      differences: [{ client_id: dca.client_id, name, kept_fiat: dca.amount_fiat, legs_fiat: dca.amount_fiat! + 7 }],
    })
    // the remaining balance is computed from the kept sum, which did not follow the edit: the check is what shows it
    expect((await ok(core, 'clients.balance', { id: dca.client_id! })).remaining_fiat).toBe(before.remaining_fiat)
  })
})

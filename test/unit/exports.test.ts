import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import { EXPORT_TABLES } from '../../src-shared/domain/export'

// export.csv and clients.statement: every file parses back (with csv-parse, another library than
// the writer) to the ledger's own rows and sums; no secret is ever in one.
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})
const rowsOf = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[]

async function paidLedger() {
  const l = fakePaidLedger(cleanup)
  const core = l.open()
  const fixture = await fundedMachine(core)
  await fundedMachine(core, { crypto_atoms: 50_000, fiat_amount: 30_000 })
  await ok(core, 'settlements.process', {})
  // one LP key stored sealed: it must never reach a file
  await ok(core, 'clients.create', { machine_id: fixture.machine.id, name: 'Key holder', payout_destination: 'c'.repeat(32) })
  // a name a spreadsheet would run as a formula
  await ok(core, 'clients.create', {
    machine_id: fixture.machine.id,
    name: '=HYPERLINK("http://x")',
    payout_destination: 'eve@example.com',
  })
  return { core, ...fixture }
}

describe('export.csv', () => {
  it('every table parses back with the ledger’s row count, without sealed columns or any secret', async () => {
    const { core } = await paidLedger()
    const db = new BetterSqlite3(core.ledgerPath, { readonly: true })
    for (const table of EXPORT_TABLES) {
      const file = await ok(core, 'export.csv', { what: 'table', table })
      const parsed = rowsOf(file.csv)
      const count = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
      expect({ table, rows: parsed.length, reported: file.rows }).toEqual({ table, rows: count, reported: count })
      expect(file.columns.filter((c) => c.endsWith('_enc'))).toEqual([])
      expect(file.csv).not.toContain('c'.repeat(32))
    }
    db.close()
    const clients = rowsOf((await ok(core, 'export.csv', { what: 'table', table: 'clients' })).csv)
    expect(clients.find((c) => c.name!.includes('HYPERLINK'))!.name).toBe(`'=HYPERLINK("http://x")`)
    expect(await core.call('export.csv', { what: 'table', table: 'secrets' }, { actor: 't' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringContaining('secrets are never exported') },
    })
  })

  it('settlements with their legs: a row per leg, legs summing to each sale, fiat in decimal and in minor units', async () => {
    const { core, settlement } = await paidLedger()
    const parsed = rowsOf((await ok(core, 'export.csv', { what: 'settlements' })).csv)
    const mine = parsed.filter((r) => r.settlement_id === settlement.id)
    const detail = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(mine).toHaveLength(detail.legs.length)
    expect(mine.reduce((a, r) => a + Number(r.leg_amount_sats), 0)).toBe(266_800)
    expect(mine[0]).toMatchObject({ fiat_amount_minor: '150000', fiat_amount: '1500.00', fiat_code: 'GTQ', direction: 'cash_out' })
    expect(mine.every((r) => /Z$/.test(r.created_at!))).toBe(true)
    const dca = mine.find((r) => r.leg_type === 'dca')!
    expect(dca.leg_amount_fiat).toBe((Number(dca.leg_amount_fiat_minor) / 100).toFixed(2))

    const payments = rowsOf((await ok(core, 'export.csv', { what: 'payments' })).csv)
    const paid = detail.legs.filter((x) => x.status === 'completed' && x.payment_hash)
    expect(
      payments
        .filter((p) => p.settlement_id === settlement.id)
        .map((p) => p.leg_id)
        .sort(),
    ).toEqual(paid.map((x) => x.id).sort())
    const one = payments.find((p) => p.leg_id === paid[0]!.id)!
    expect(one.amount_btc).toBe((paid[0]!.amount_sats / 1e8).toFixed(8))
  })

  it("an LP's statement and Koinly file: every payment, the running balance, and totals that agree with clients.balance", async () => {
    const { core, lps } = await paidLedger()
    const ana = lps[0]!
    const statement = await ok(core, 'clients.statement', { id: ana.id })
    const balance = await ok(core, 'clients.balance', { id: ana.id })
    expect(statement).toMatchObject({ opening_remaining: 0, closing_remaining: balance.remaining_fiat, fiat_code: 'GTQ' })
    expect(statement.totals).toMatchObject({ deposits: 60_000, dca_fiat: balance.dca_received_fiat, dca_sats: balance.dca_received_sats })
    expect(statement.entries.map((e) => e.kind)).toEqual(['deposit', 'dca'])
    expect(statement.entries.at(-1)!.remaining_after).toBe(balance.remaining_fiat)

    const csv = rowsOf((await ok(core, 'export.csv', { what: 'lp_statement', id: ana.id })).csv)
    expect(csv.map((r) => r.kind)).toEqual(['deposit', 'dca'])
    expect(csv[0]).toMatchObject({ fiat: '600.00', fiat_minor: '60000', remaining_after: '600.00' })

    const koinly = await ok(core, 'export.csv', { what: 'koinly', id: ana.id })
    expect(koinly.csv.split('\n')[0]).toBe(
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
    )
    const trades = rowsOf(koinly.csv)
    const dcas = statement.entries.filter((e) => e.kind === 'dca')
    expect(trades).toHaveLength(dcas.length)
    expect(trades[0]).toMatchObject({
      'Sent Currency': 'GTQ',
      'Received Currency': 'BTC',
      'Received Amount': (dcas[0]!.sats / 1e8).toFixed(8),
      'Sent Amount': (-dcas[0]!.fiat / 100).toFixed(2),
      TxHash: dcas[0]!.payment_hash,
    })
    expect(trades[0]!.Date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/)

    // a period that ends before the payments: only the deposit, and the balance it leaves
    const before = await ok(core, 'clients.statement', { id: ana.id, to: statement.entries[1]!.at })
    expect(before).toMatchObject({ closing_remaining: 60_000, entries: [{ kind: 'deposit' }] })
    const after = await ok(core, 'clients.statement', { id: ana.id, from: statement.entries[1]!.at })
    expect(after).toMatchObject({ opening_remaining: 60_000, closing_remaining: balance.remaining_fiat })
  })
})

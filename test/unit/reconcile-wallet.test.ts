import { afterEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import type { Ledger } from '../../src-main/core/ledger/open'
import type { LnbitsClient, LnbitsPayment } from '../../src-main/core/lnbits/client'
import { LnbitsError } from '../../src-main/core/lnbits/errors'
import { reconcileWallet } from '../../src-main/core/reconcile/against-lnbits'
import type { WalletBindingsTable } from '../../src-main/core/ledger/schema'
import { keyedBox } from '../../src-main/core/secrets/box'
import { newPubkey } from '../support/keys'
import { lnbitsPayment, tempLedger } from '../support/temp-ledger'

// reconcileWallet against a wallet history given page by page (the LNbits client is the seam; the
// integration test runs it against a real LNbits). Pages of two, so every check crosses pages.
const T = '2026-01-01T00:00:00.000Z'
const secrets = keyedBox(new Uint8Array(32).fill(7))
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const hash = () => randomBytes(32).toString('hex')

const ledger = () => tempLedger(cleanup)

/** Raw rows: what the ledger holds, whatever wrote it. */
function seed(l: Ledger) {
  const raw = l.raw
  const machine = (id: string) =>
    raw
      .prepare(
        `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES (?, ?, ?, 'GTQ', 0, 0, ?, ?)`,
      )
      .run(id, id, newPubkey().hex, T, T)
  machine('m1')
  machine('m2')
  raw.prepare(`INSERT INTO clients (id, machine_id, name, created_at, updated_at) VALUES ('ana', 'm1', 'Ana', ?, ?)`).run(T, T)
  const settlement = (id: string, machineId: string, h: string | null) =>
    raw
      .prepare(
        `INSERT INTO settlements (id, machine_id, source, txid, payment_hash, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, status, created_at, updated_at)
         VALUES (?, ?, 'manual', ?, ?, 'cash_out', 1000, 100, 'GTQ', 0, 0, 'completed', ?, ?)`,
      )
      .run(id, machineId, id, h, T, T)
  const wallet = (id: string, role: 'machine' | 'funding', machineId: string | null) =>
    raw
      .prepare(
        `INSERT INTO wallet_bindings (id, role, machine_id, label, lnbits_url, lnbits_wallet_id, invoice_key_enc, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'http://lnbits.test', ?, ?, ?, ?)`,
      )
      .run(id, role, machineId, id, id, secrets.seal(`key-${id}`), T, T)
  const leg = (
    id: string,
    settlementId: string | null,
    type: string,
    status: string,
    sats: number,
    h: string | null,
    more: { client_id?: string; funding_wallet_id?: string } = {},
  ) =>
    raw
      .prepare(
        `INSERT INTO legs (id, settlement_id, position, leg_type, client_id, target, target_label, amount_sats, amount_fiat, fiat_code, status, payment_hash, bolt11, funding_wallet_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        settlementId,
        Number(id.slice(1)),
        type,
        more.client_id ?? null,
        id,
        sats,
        type === 'dca' || type === 'balance_settlement' ? 1 : null,
        type === 'dca' || type === 'balance_settlement' ? 'GTQ' : null,
        status,
        h,
        h && 'lnbc1test',
        more.funding_wallet_id ?? null,
        T,
        T,
      )
  return { settlement, wallet, leg }
}

const pay = lnbitsPayment
const tagged = (legId: string) => ({ satmachine_leg: { leg_id: legId } })

/** A wallet history LNbits lists in pages, oldest first, and its balance. */
function history(
  payments: LnbitsPayment[],
  balance_msat: number,
  fail?: { error: LnbitsError; pagesFirst: number } | { error: LnbitsError; wallet: true },
) {
  const asked: number[] = []
  const client = {
    async listPayments(_key: string, f: { limit?: number; offset?: number } = {}) {
      if (fail && 'pagesFirst' in fail && asked.length >= fail.pagesFirst) throw fail.error
      asked.push(f.offset ?? 0)
      return payments.slice(f.offset ?? 0, (f.offset ?? 0) + (f.limit ?? 100))
    },
    async wallet() {
      if (fail && 'wallet' in fail) throw fail.error
      return { id: 'w', name: 'w', balance_msat }
    },
  }
  return { client: client as unknown as LnbitsClient, asked }
}

/** Runs `write` when LNbits is asked for the page at `offset`: the ledger changing while the history is read. */
function beforePage(lnbits: ReturnType<typeof history>, offset: number, write: () => void) {
  const list = lnbits.client.listPayments.bind(lnbits.client)
  lnbits.client.listPayments = async (key, f) => {
    if ((f?.offset ?? 0) === offset) write()
    return list(key, f)
  }
}

const bindingOf = async (l: Ledger, id: string) =>
  (await l.db.selectFrom('wallet_bindings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as WalletBindingsTable

const summary = (
  findings: {
    kind: string
    leg_id: string | null
    payment_hash: string | null
    settlement_id: string | null
    amount_msat: number | null
  }[],
) =>
  findings
    .map((f) => `${f.kind} ${f.leg_id ?? '-'} ${f.settlement_id ?? '-'} ${f.payment_hash?.slice(0, 6) ?? '-'} ${f.amount_msat ?? '-'}`)
    .sort()

describe('reconcileWallet', () => {
  it.each([2, 500])(
    'finds each kind of difference between the ledger and a machine wallet, in pages of %i, and explains the balance',
    async (pageSize) => {
      const l = ledger()
      const s = seed(l)
      const h = Object.fromEntries(
        ['s1', 's2', 's3', 's4', 'l1', 'l2', 'l3', 'l3b', 'l4', 'l5', 'l6', 'l7', 'l9', 'l10', 'l11', 'x', 'w', 'f', 'u', 'z'].map((k) => [
          k,
          hash(),
        ]),
      )
      s.wallet('M', 'machine', 'm1')
      s.settlement('S1', 'm1', h.s1!)
      s.settlement('S2', 'm1', h.s2!) // a sale LNbits does not have
      s.settlement('S3', 'm2', h.s3!) // another machine's
      s.settlement('S4', 'm1', h.s4!) // a cash-in: the machine wallet paid the customer's invoice
      s.leg('L1', 'S1', 'dca', 'completed', 100, h.l1!, { client_id: 'ana' }) // paid once, as planned
      s.leg('L2', 'S1', 'operator_split', 'completed', 50, h.l2!) // never paid
      s.leg('L3', 'S1', 'super_fee', 'completed', 30, h.l3!) // paid twice
      s.leg('L4', 'S1', 'dca', 'completed', 40, h.l4!, { client_id: 'ana' }) // paid untagged, by its hash, another amount
      s.leg('L5', 'S1', 'operator_split', 'in_flight', 20, h.l5!) // LNbits: pending
      s.leg('L6', 'S1', 'operator_split', 'in_flight', 10, h.l6!) // LNbits: no such payment
      s.leg('L7', 'S1', 'operator_split', 'failed', 5, h.l7!) // failed here, paid there
      s.leg('L8', 'S1', 'operator_principal', 'completed', 1000, null) // moves no money
      s.leg('L9', 'S3', 'operator_split', 'completed', 7, h.l9!) // another machine's leg
      s.leg('L10', null, 'balance_settlement', 'completed', 9, h.l10!, { client_id: 'ana' }) // an LP's balance settlement
      s.leg('L11', 'S1', 'operator_split', 'failed', 3, h.l11!) // failed here, paid there untagged, by its hash
      l.raw
        .prepare(
          `INSERT INTO unattributed_payments (payment_hash, wallet_binding_id, machine_id, amount_msat, paid_at, created_at, updated_at) VALUES (?, 'M', 'm1', 300000, 1, ?, ?)`,
        )
        .run(h.w, T, T)

      const payments = [
        pay(h.s1!, 1_000_000),
        pay(h.x!, 500_000), // not ingested yet
        pay(h.w!, 300_000), // waiting among the unattributed
        pay(h.f!, 200_000, {}, { status: 'failed' }),
        pay(h.l1!, -100_000, tagged('L1'), { fee_msat: 1_000 }),
        pay(h.l3!, -30_000, tagged('L3')),
        pay(h.l3b!, -30_000, tagged('L3')),
        pay(h.l4!, -41_000),
        pay(h.l5!, -20_000, tagged('L5'), { status: 'pending' }),
        pay(h.l7!, -5_000, tagged('L7')),
        pay(h.l9!, -7_000, tagged('L9')),
        pay(h.u!, -60_000), // nobody the app knows
        pay(h.l10!, -9_000, tagged('L10')),
        pay(h.l11!, -3_000),
        pay(h.s4!, -70_000),
        pay(h.z!, 0), // nothing came in: nothing to ingest
      ]
      const legsOut = 100_000 + 60_000 + 41_000 + 5_000 + 9_000 + 3_000
      const expected = 1_000_000 + 800_000 - legsOut - 70_000 - (7_000 + 60_000) - 20_000 - 1_000
      const lnbits = history(payments, expected + 1_000)
      const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client, pageSize }, await bindingOf(l, 'M'))

      // page after page until one comes back short (16 payments: an empty ninth page of two)
      expect(lnbits.asked).toEqual(pageSize === 2 ? [0, 2, 4, 6, 8, 10, 12, 14, 16] : [0])
      expect(r.error).toBeNull()
      expect(r.payments_read).toBe(payments.length)
      expect(r.legs_checked).toBe(9) // L1-L7, L10 and L11: not L8 (no money), not L9 (another machine)
      expect(summary(r.findings)).toEqual(
        summary([
          { kind: 'leg_not_in_lnbits', leg_id: 'L2', settlement_id: 'S1', payment_hash: h.l2!, amount_msat: 50_000 },
          { kind: 'leg_paid_twice', leg_id: 'L3', settlement_id: 'S1', payment_hash: h.l3!, amount_msat: null },
          { kind: 'leg_amount_differs', leg_id: 'L4', settlement_id: 'S1', payment_hash: h.l4!, amount_msat: 41_000 },
          { kind: 'in_flight', leg_id: 'L5', settlement_id: 'S1', payment_hash: h.l5!, amount_msat: null },
          { kind: 'in_flight', leg_id: 'L6', settlement_id: 'S1', payment_hash: h.l6!, amount_msat: null },
          { kind: 'leg_paid_but_not_completed', leg_id: 'L7', settlement_id: 'S1', payment_hash: h.l7!, amount_msat: 5_000 },
          { kind: 'leg_paid_but_not_completed', leg_id: 'L11', settlement_id: 'S1', payment_hash: h.l11!, amount_msat: 3_000 },
          { kind: 'payment_for_unknown_leg', leg_id: 'L9', settlement_id: null, payment_hash: h.l9!, amount_msat: 7_000 },
          { kind: 'money_left_unseen', leg_id: null, settlement_id: null, payment_hash: h.u!, amount_msat: 60_000 },
          { kind: 'payment_not_ingested', leg_id: null, settlement_id: null, payment_hash: h.x!, amount_msat: 500_000 },
          { kind: 'sale_not_in_lnbits', leg_id: null, settlement_id: 'S2', payment_hash: h.s2!, amount_msat: null },
          { kind: 'balance_unexplained', leg_id: null, settlement_id: null, payment_hash: null, amount_msat: 1_000 },
        ]),
      )
      const inFlight = r.findings.filter((f) => f.kind === 'in_flight').map((f) => f.message)
      expect(inFlight).toEqual([expect.stringContaining('LNbits says pending'), expect.stringContaining('LNbits says it has no payment')])
      expect(r.balance).toEqual({
        sales_in_msat: 1_000_000,
        other_in_msat: 800_000,
        legs_out_msat: legsOut,
        cash_ins_out_msat: 70_000,
        other_out_msat: 67_000,
        pending_out_msat: 20_000,
        fees_msat: 1_000,
        expected_msat: expected,
        balance_msat: expected + 1_000,
      })
    },
  )

  it('a funding wallet answers for the balance settlements that name it; its top-ups are not sales', async () => {
    const l = ledger()
    const s = seed(l)
    const [paid, topUp, missing] = [hash(), hash(), hash()]
    s.wallet('F', 'funding', null)
    s.leg('L1', null, 'balance_settlement', 'completed', 9, paid, { client_id: 'ana', funding_wallet_id: 'F' })
    s.leg('L2', null, 'balance_settlement', 'completed', 4, missing, { client_id: 'ana', funding_wallet_id: 'F' })
    s.leg('L3', null, 'balance_settlement', 'completed', 5, hash(), { client_id: 'ana' }) // the machine wallet's, not this one's
    const lnbits = history([pay(topUp, 50_000), pay(paid, -9_000, tagged('L1'))], 41_000)
    const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client, pageSize: 1 }, await bindingOf(l, 'F'))
    expect(r.legs_checked).toBe(2)
    expect(summary(r.findings)).toEqual([`leg_not_in_lnbits L2 - ${missing.slice(0, 6)} 4000`])
    expect(r.balance).toMatchObject({ sales_in_msat: 0, other_in_msat: 50_000, legs_out_msat: 9_000, expected_msat: 41_000 })
  })

  it("an untagged payment of a leg's hash that is also a sale's counts for both: neither is missing", async () => {
    const l = ledger()
    const s = seed(l)
    const shared = hash()
    s.wallet('M', 'machine', 'm1')
    s.settlement('S1', 'm1', shared)
    s.leg('L1', 'S1', 'operator_split', 'completed', 5, shared)
    const lnbits = history([pay(shared, -5_000)], -5_000)
    const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client }, await bindingOf(l, 'M'))
    expect(r.findings).toEqual([])
    expect(r.balance).toMatchObject({ legs_out_msat: 5_000, cash_ins_out_msat: 0, expected_msat: -5_000 })
  })

  it('a leg made and paid while the history is read is the wallet\'s all the same: not "unknown", and checked', async () => {
    const l = ledger()
    const s = seed(l)
    const [sale, early, late] = [hash(), hash(), hash()]
    s.wallet('M', 'machine', 'm1')
    s.settlement('S1', 'm1', sale)
    s.leg('L1', 'S1', 'operator_split', 'completed', 5, early)
    const lnbits = history([pay(sale, 1_000_000), pay(early, -5_000, tagged('L1')), pay(late, -7_000, tagged('L2'))], 988_000)
    // a payout finishing after the wallet's legs were read, before LNbits' page with its payment
    beforePage(lnbits, 2, () => s.leg('L2', 'S1', 'super_fee', 'completed', 7, late))
    const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client, pageSize: 2 }, await bindingOf(l, 'M'))
    expect(r.findings).toEqual([])
    expect(r.legs_checked).toBe(2)
    expect(r.balance).toMatchObject({ legs_out_msat: 12_000, expected_msat: 988_000 })
  })

  it("a sale ingested while the history is read is the machine's all the same; another machine's sale is not", async () => {
    const l = ledger()
    const s = seed(l)
    const [early, late, others] = [hash(), hash(), hash()]
    s.wallet('M', 'machine', 'm1')
    s.settlement('S1', 'm1', early)
    s.settlement('S3', 'm2', others)
    const lnbits = history([pay(early, 1_000_000), pay(others, 2_000), pay(late, 3_000)], 1_005_000)
    // a sync ingesting a sale while the history is read, before LNbits' page with its payment
    beforePage(lnbits, 2, () => s.settlement('S2', 'm1', late))
    const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client, pageSize: 2 }, await bindingOf(l, 'M'))
    expect(summary(r.findings)).toEqual([`payment_not_ingested - - ${others.slice(0, 6)} 2000`])
    expect(r.balance).toMatchObject({ sales_in_msat: 1_003_000, other_in_msat: 2_000, expected_msat: 1_005_000 })
  })

  it.each([
    ['on its second page', { pagesFirst: 1 }],
    ['for the balance, after every page', { wallet: true as const }],
  ])('LNbits failing %s judges nothing for the wallet and says so', async (_when, how) => {
    const l = ledger()
    const s = seed(l)
    s.wallet('M', 'machine', 'm1')
    s.settlement('S1', 'm1', hash())
    s.leg('L1', 'S1', 'operator_split', 'completed', 5, hash()) // would be "not in LNbits", were anything judged
    const lnbits = history([pay(hash(), 1_000), pay(hash(), 2_000), pay(hash(), -5_000)], 0, {
      error: new LnbitsError('unreachable', 'no answer'),
      ...how,
    })
    const r = await reconcileWallet({ db: l.db, secrets, lnbits: () => lnbits.client, pageSize: 2 }, await bindingOf(l, 'M'))
    expect(lnbits.asked).toEqual('wallet' in how ? [0, 2] : [0])
    expect(r.error).toMatch(/^LNbits: no answer\..*Nothing was judged for this wallet/)
    expect(r).toMatchObject({ findings: [], balance: null, payments_read: 0, legs_checked: 0 })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { AtmSimulator } from '../../src-main/atm-sim/atm'
import type { Core } from '../../src-main/core/core'
import { SETTING } from '../../src-main/core/settings/store'
import type { Client } from '../../src-shared/domain/client'
import type { Machine } from '../../src-shared/domain/machine'
import type { SettlementDetail } from '../../src-shared/domain/settlement'
import type { WalletBinding } from '../../src-shared/domain/wallet'
import { machineArgs } from '../support/core'
import { newPubkey } from '../support/keys'
import { coreAt, ctx, ok, onboardedLp } from '../support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// Sales arrive the way they will in the field: an ATM (simulated) makes an invoice on the
// machine wallet of a real LNbits, a customer wallet pays it, the ATM attaches its signed
// attestation; the app finds it by polling LNbits.
let peer: LnbitsPeer
let core: Core
const dir = tempDir('satop-ingestion-')
const operator = newPubkey()
const w: Record<'machine' | 'machine2' | 'till' | 'customer' | 'ana' | 'beto' | 'partner' | 'platform', TestWallet> = {} as never

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  for (const name of Object.keys({
    machine: 0,
    machine2: 0,
    till: 0,
    customer: 0,
    ana: 0,
    beto: 0,
    partner: 0,
    platform: 0,
  }) as (keyof typeof w)[])
    w[name] = await peer.newWallet(name)
  await peer.fund(w.customer.id, 5_000_000)
  core = coreAt(dir.path, { lnbitsTimeoutMs: 10_000 })
  // The operator's key (issue 5 sets it from the signer): attestations must be addressed to it.
  const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
  raw
    .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?), (?, ?, ?)')
    .run(SETTING.operatorPubkey, JSON.stringify(operator.hex), 'x', SETTING.platformPubkey, JSON.stringify(operator.hex), 'x')
  raw.close()
  await ok(core, 'superConfig.update', { super_cash_out_fee_fraction: '0.01', fee_destination: w.platform.inkey })
}, 120_000)

afterAll(async () => {
  await core?.close()
  await peer?.stop()
  dir.remove()
})

/** A machine in the ledger with its wallet bound, and the ATM that holds its key. */
async function machineWithAtm(
  wallet: TestWallet,
  name: string,
): Promise<{ machine: Machine; binding: WalletBinding; atm: AtmSimulator; secret: Uint8Array }> {
  const secret = generateSecretKey()
  const machine = await ok(
    core,
    'machines.create',
    machineArgs({ name, machine_npub: npubEncode(getPublicKey(secret)), operator_cash_out_fee_fraction: '0.04' }),
  )
  const binding = await ok(core, 'wallets.bind', {
    role: 'machine',
    machine_id: machine.id,
    lnbits_url: peer.url,
    invoice_key: wallet.inkey,
    admin_key: wallet.adminkey,
  })
  const atm = new AtmSimulator({
    lnbitsUrl: peer.url,
    machineInvoiceKey: wallet.inkey,
    machineAdminKey: wallet.adminkey,
    machineSecretKey: secret,
    operatorPubkey: operator.hex,
    fiatCode: machine.fiat_code,
  })
  return { machine, binding, atm, secret }
}

const byHash = async (hash: string) => (await ok(core, 'settlements.list', { limit: 500 })).items.find((s) => s.payment_hash === hash)

describe('a cash-out from the ATM to the LPs', () => {
  it('an attested sale is ingested, paid, and every target receives exactly its leg; delivered again, it is still paid once', async () => {
    const { machine, binding, atm } = await machineWithAtm(w.machine, 'Lobby ATM')
    const lps: Client[] = []
    for (const [name, wallet, amount] of [
      ['Ana', w.ana, 60_000],
      ['Beto', w.beto, 40_000],
    ] as const) {
      const lp = await onboardedLp(core, machine.id, name, wallet.inkey, amount)
      lps.push(lp)
    }
    await ok(core, 'splits.replace', {
      machine_id: machine.id,
      legs: [
        { destination: w.partner.inkey, label: 'Partner', fraction: '0.75' },
        { client_id: lps[0]!.id, fraction: '0.25' },
      ],
    })
    const balances = async () =>
      Object.fromEntries(await Promise.all(Object.entries(w).map(async ([n, wal]) => [n, await peer.balanceMsat(wal.inkey)] as const)))

    const C = 266_800
    const sale = await atm.sale({ customerAdminKey: w.customer.adminkey, sats: C, fiatAmount: 150_000, txid: 'atm-0001' })
    const before = await balances()
    const round = await ok(core, 'sync.run', {})
    expect(round.wallets).toEqual([
      expect.objectContaining({ machine_id: machine.id, settlements: 1, rejected: 0, unattributed: 0, error: null }),
    ])
    const s = await byHash(sale.payment_hash)
    expect(s).toMatchObject({ source: 'lnbits', txid: 'atm-0001', crypto_atoms: C, fiat_amount: 150_000, status: 'completed' })
    expect(round.processed).toEqual([{ settlement_id: s!.id, status: 'completed', error: null }])

    const done = await ok(core, 'settlements.get', { settlement_id: s!.id })
    expect(done.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(C)
    const after = await balances()
    const grew = (n: keyof typeof w) => (after[n]! - before[n]!) / 1000
    const legSats = (pred: (l: SettlementDetail['legs'][number]) => boolean) =>
      done.legs.filter(pred).reduce((a, l) => a + l.amount_sats, 0)
    expect(grew('platform')).toBe(legSats((l) => l.leg_type === 'super_fee'))
    expect(grew('partner')).toBe(legSats((l) => l.target_label === 'Partner'))
    expect(grew('ana')).toBe(legSats((l) => l.client_id === lps[0]!.id))
    expect(grew('beto')).toBe(legSats((l) => l.client_id === lps[1]!.id))
    expect(grew('ana')).toBeGreaterThan(0)
    expect(-grew('machine')).toBe(legSats((l) => !['operator_principal', 'retained'].includes(l.leg_type)))

    // Another round finds nothing new and pays nothing twice.
    const again = await ok(core, 'sync.run', {})
    expect(again.wallets[0]).toMatchObject({ settlements: 0, rejected: 0, unattributed: 0, duplicates: 1 })
    expect(await balances()).toEqual(after)

    // Scenario: the ingested payment delivered again from the very start, as if its cursor had been
    // lost (a crash between the write and the cursor): detected as a duplicate, nothing written or paid.
    const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    raw.prepare('UPDATE ingestion_cursors SET after_time = 0, out_after_time = 0 WHERE wallet_binding_id = ?').run(binding.id)
    raw.close()
    const redelivered = await ok(core, 'sync.run', {})
    expect(redelivered.wallets[0]).toMatchObject({ settlements: 0, rejected: 0, unattributed: 0, duplicates: 1, error: null })
    expect(await ok(core, 'settlements.list', { machine_id: machine.id })).toMatchObject({
      items: [expect.objectContaining({ id: s!.id })],
    })
    expect(await balances()).toEqual(after)
    const report = await ok(core, 'reconcile.run', { wallet_id: binding.id })
    expect(report).toMatchObject({ ok: true, wallets: [{ findings: [] }] })
  }, 60_000)
})

describe('a cash-in: the ATM pays the customer from the machine wallet', () => {
  it("the attested outgoing payment is ingested and only its fees are paid; the app's own payouts and a bad claim are not sales", async () => {
    // cash-in fees: platform 1%, operator 3% (machineArgs); the machine wallet holds the operator's sats
    await ok(core, 'superConfig.update', { super_cash_in_fee_fraction: '0.01' })
    await peer.fund(w.till.id, 200_000)
    const { machine, binding, atm } = await machineWithAtm(w.till, 'Mercado ATM')
    const ana = await onboardedLp(core, machine.id, 'Ana', w.ana.inkey, 10_000)
    await ok(core, 'splits.replace', { machine_id: machine.id, legs: [{ destination: w.partner.inkey, label: 'Partner', fraction: '1' }] })
    const balance = (t: TestWallet) => peer.balanceMsat(t.inkey)
    const remaining = async () => (await ok(core, 'clients.balance', { id: ana.id })).remaining_fiat
    const [customer0, platform0, partner0, ana0] = (await Promise.all([w.customer, w.platform, w.partner, w.ana].map(balance))) as [
      number,
      number,
      number,
      number,
    ]
    const anaRemaining = await remaining()
    expect(anaRemaining).toBe(10_000)

    const C = 50_000
    const sale = await atm.cashIn({ customerInvoiceKey: w.customer.inkey, sats: C, fiatAmount: 30_000, txid: 'mercado-1' })
    const forged = await atm.cashIn({ customerInvoiceKey: w.customer.inkey, sats: 1_000, fiatAmount: 600, forge: 'wrong-amount' })
    const unattested = await atm.cashIn({ customerInvoiceKey: w.customer.inkey, sats: 2_000, fiatAmount: 1_200, forge: 'unattested' })
    expect((await balance(w.customer)) - customer0).toBe((C + 1_000 + 2_000) * 1000)

    const round = await ok(core, 'sync.run', { wallet_id: binding.id })
    // the top-up is incoming and unattested: it waits for the operator, who sets it aside
    expect(round.wallets).toEqual([expect.objectContaining({ settlements: 1, rejected: 1, unattributed: 1, ignored: 1, error: null })])
    const waiting = (await ok(core, 'unattributed.list', { machine_id: machine.id, limit: 50 })).items
    expect(waiting.map((u) => u.amount_msat)).toEqual([200_000_000])
    await ok(core, 'unattributed.dismiss', { payment_hash: waiting[0]!.payment_hash, reason: "the operator's top-up of the till" })
    const s = await byHash(sale.payment_hash)
    expect(s).toMatchObject({ direction: 'cash_in', source: 'lnbits', txid: 'mercado-1', crypto_atoms: C, status: 'completed' })
    expect(await byHash(forged.payment_hash)).toMatchObject({
      direction: 'cash_in',
      status: 'rejected',
      rejection_reason: 'attests 1001 sats but the payment sent 1000 sats',
    })
    expect(await byHash(unattested.payment_hash)).toBeUndefined()
    expect((await ok(core, 'unattributed.list', { machine_id: machine.id, status: 'open', limit: 50 })).items).toEqual([])

    // Worked by hand: f = 0.04, B = round(50000 / 1.04) = 48077, K = 1923, S = round(1923 x 1/4) = 481, O = 1442.
    const done = await ok(core, 'settlements.get', { settlement_id: s!.id })
    expect(done).toMatchObject({ base_sats: 48_077, commission_sats: 1_923 })
    expect(done.legs.map((l) => [l.leg_type, l.amount_sats, l.status])).toEqual([
      ['super_fee', 481, 'completed'],
      ['operator_split', 1_442, 'completed'],
    ])
    expect((await balance(w.platform)) - platform0).toBe(481_000)
    expect((await balance(w.partner)) - partner0).toBe(1_442_000)
    // no DCA: the LP's balance and wallet are untouched
    expect((await balance(w.ana)) - ana0).toBe(0)
    expect(await remaining()).toBe(anaRemaining)

    // Read again: the sale, the rejected claim and the dismissed top-up are known; the two fee payouts just made
    // and the unattested cash-in are outgoing payments of the same wallet with no attestation, left alone.
    const again = await ok(core, 'sync.run', { wallet_id: binding.id })
    expect(again.wallets[0]).toMatchObject({ settlements: 0, rejected: 0, unattributed: 0, duplicates: 3, ignored: 3, error: null })
    expect(again.processed).toEqual([])
  })
})

describe('ingestion: duplicates, forgeries, unattested payments, restarts', () => {
  it('keeps every payment exactly once: valid ones settle, forged ones are rejected with the reason, unattested ones wait for the operator', async () => {
    const { machine, binding, atm } = await machineWithAtm(w.machine2, 'Mall ATM')
    const customer = w.customer.adminkey
    const good = await atm.sale({ customerAdminKey: customer, sats: 10_000, fiatAmount: 5_000, txid: 'mall-1' })
    const forged = {
      'wrong-author': await atm.sale({ customerAdminKey: customer, sats: 10_001, fiatAmount: 5_000, forge: 'wrong-author' }),
      'wrong-amount': await atm.sale({ customerAdminKey: customer, sats: 10_002, fiatAmount: 5_000, forge: 'wrong-amount' }),
      'wrong-hash': await atm.sale({ customerAdminKey: customer, sats: 10_003, fiatAmount: 5_000, forge: 'wrong-hash' }),
      tampered: await atm.sale({ customerAdminKey: customer, sats: 10_004, fiatAmount: 5_000, forge: 'tampered' }),
      // a valid signature for a sale already settled, attached to another payment
      replay: await atm.sale({ customerAdminKey: customer, sats: 10_005, fiatAmount: 5_000, txid: 'mall-1' }),
    }
    const otherOperator = new AtmSimulator({ ...atmConfigOf(atm), operatorPubkey: newPubkey().hex })
    const strayP = await otherOperator.sale({ customerAdminKey: customer, sats: 10_006, fiatAmount: 5_000 })
    const bare = await atm.sale({ customerAdminKey: customer, sats: 7_000, fiatAmount: 3_500, forge: 'unattested' })
    const late = await atm.sale({ customerAdminKey: customer, sats: 8_000, fiatAmount: 4_000, forge: 'unattested', txid: 'mall-late' })
    const topUp = await atm.sale({ customerAdminKey: customer, sats: 50_000, fiatAmount: 0, forge: 'unattested' })
    const paper = await atm.sale({ customerAdminKey: customer, sats: 6_000, fiatAmount: 3_000, forge: 'unattested' })

    const first = await ok(core, 'sync.run', { wallet_id: binding.id, process: false })
    expect(first.wallets).toEqual([
      {
        wallet_id: binding.id,
        machine_id: machine.id,
        fetched: 11,
        settlements: 1,
        rejected: 6,
        unattributed: 4,
        duplicates: 0,
        ignored: 0,
        error: null,
      },
    ])
    expect(first.processed).toBeNull()
    expect(await byHash(good.payment_hash)).toMatchObject({ status: 'pending', txid: 'mall-1', crypto_atoms: 10_000, fiat_amount: 5_000 })
    const reasons = Object.fromEntries(
      await Promise.all(Object.entries(forged).map(async ([k, sale]) => [k, (await byHash(sale.payment_hash))?.rejection_reason] as const)),
    )
    expect(reasons).toEqual({
      'wrong-author': expect.stringMatching(/^signed by npub1.*not by this machine/),
      'wrong-amount': 'attests 10003 sats but the payment brought 10002 sats',
      'wrong-hash': expect.stringMatching(/^attests payment [0-9a-f]{12}…, not this payment/),
      tampered: expect.stringContaining('signature does not verify'),
      replay: expect.stringMatching(/^txid mall-1 is already settled .*a replayed attestation$/),
    })
    expect(await byHash(strayP.payment_hash)).toMatchObject({
      status: 'rejected',
      rejection_reason: expect.stringContaining('addressed to another operator'),
    })
    const open = await ok(core, 'unattributed.list', { status: 'open', machine_id: machine.id })
    expect(open.items.map((u) => u.payment_hash).sort()).toEqual(
      [bare.payment_hash, late.payment_hash, topUp.payment_hash, paper.payment_hash].sort(),
    )
    expect(open.items.find((u) => u.payment_hash === bare.payment_hash)).toMatchObject({ amount_msat: 7_000_000, wallet_id: binding.id })

    // Duplicate delivery: the same payments again change nothing.
    const snapshot = () => {
      const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'), { readonly: true })
      const rows = raw
        .prepare('SELECT id, payment_hash, status, rejection_reason FROM settlements WHERE machine_id = ? ORDER BY id')
        .all(machine.id)
      const un = raw
        .prepare('SELECT payment_hash, status FROM unattributed_payments WHERE machine_id = ? ORDER BY payment_hash')
        .all(machine.id)
      raw.close()
      return { rows, un }
    }
    const before = snapshot()
    expect(await ok(core, 'sync.run', { wallet_id: binding.id, process: false })).toMatchObject({
      wallets: [{ fetched: 11, settlements: 0, rejected: 0, unattributed: 0, duplicates: 11 }],
    })
    expect(snapshot()).toEqual(before)

    // A restart (a new process on the same ledger) loses nothing and adds nothing.
    await core.close()
    core = coreAt(dir.path, { lnbitsTimeoutMs: 10_000 })
    expect(await ok(core, 'sync.run', { wallet_id: binding.id, process: false })).toMatchObject({
      wallets: [{ settlements: 0, rejected: 0, unattributed: 0, duplicates: 11 }],
    })
    expect(snapshot()).toEqual(before)
    expect(await ok(core, 'sync.status', {})).toMatchObject({
      open_unattributed: 4,
      wallets: expect.arrayContaining([expect.objectContaining({ wallet_id: binding.id, last_error: null, payments_seen: 11 })]),
    })

    // The ATM attaches an attestation late: the next round turns the waiting payment into a settlement.
    await atm.attach(late.payment_hash, atm.attestation('mall-late', late.payment_hash, { sats: 8_000, fiatAmount: 4_000 }))
    expect(await ok(core, 'sync.run', { wallet_id: binding.id, process: false })).toMatchObject({
      wallets: [{ settlements: 1, duplicates: 10 }],
    })
    expect(await byHash(late.payment_hash)).toMatchObject({ status: 'pending', txid: 'mall-late' })
    const resolved = await ok(core, 'unattributed.list', { status: 'attributed', machine_id: machine.id })
    expect(resolved.items).toEqual([
      expect.objectContaining({ payment_hash: late.payment_hash, reason: 'the ATM attested it after it arrived' }),
    ])

    // A sale recorded by hand with the payment's hash accounts for the waiting payment too.
    await ok(core, 'settlements.record', {
      machine_id: machine.id,
      txid: 'mall-paper-6',
      direction: 'cash_out',
      crypto_atoms: 6_000,
      fiat_amount: 3_000,
      payment_hash: paper.payment_hash,
    })
    expect((await ok(core, 'unattributed.list', { status: 'attributed', machine_id: machine.id })).items).toContainEqual(
      expect.objectContaining({ payment_hash: paper.payment_hash, reason: 'recorded by hand', resolved_by: 'test' }),
    )

    // The operator attributes one by hand and dismisses the other (with a reason); neither twice.
    const attributed = await ok(core, 'unattributed.attribute', {
      payment_hash: bare.payment_hash,
      txid: 'mall-paper-7',
      fiat_amount: 3_500,
    })
    expect(attributed).toMatchObject({ status: 'attributed', resolved_by: 'test' })
    expect(await byHash(bare.payment_hash)).toMatchObject({
      id: attributed.settlement_id,
      txid: 'mall-paper-7',
      crypto_atoms: 7_000,
      status: 'pending',
    })
    // The audit says who vouched: the settlement recorded as by hand, the payment as attributed.
    const trail = await ok(core, 'audit.list', { limit: 10 })
    expect(trail.items.find((r) => r.entity === 'settlement' && r.entity_id === attributed.settlement_id)).toMatchObject({
      command: 'settlements.record',
      actor: 'test',
    })
    expect(
      trail.items.find(
        (r) =>
          r.entity === 'unattributed_payment' &&
          r.entity_id === bare.payment_hash &&
          r.after !== null &&
          (r.after as { status?: string }).status === 'attributed',
      ),
    ).toMatchObject({ command: 'unattributed.attribute', actor: 'test' })
    expect(await core.call('unattributed.dismiss', { payment_hash: topUp.payment_hash, reason: '  ' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'reason' }] },
    })
    expect(
      await ok(core, 'unattributed.dismiss', { payment_hash: topUp.payment_hash, reason: 'operator top-up of the machine wallet' }),
    ).toMatchObject({ status: 'dismissed' })
    expect(await core.call('unattributed.attribute', { payment_hash: topUp.payment_hash, txid: 'x', fiat_amount: 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(await core.call('unattributed.attribute', { payment_hash: good.payment_hash, txid: 'x', fiat_amount: 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(await ok(core, 'sync.run', { wallet_id: binding.id, process: false })).toMatchObject({
      wallets: [{ settlements: 0, rejected: 0, unattributed: 0, duplicates: 11 }],
    })
    expect((await ok(core, 'unattributed.list', { status: 'open', machine_id: machine.id })).items).toEqual([])
  }, 120_000)

  it('LNbits stopped: the round reports why and moves no cursor, an alert is raised; after it is back, nothing was missed and the alert clears', async () => {
    const wallet = await peer.newWallet('machine3')
    const { machine, binding, atm } = await machineWithAtm(wallet, 'Station ATM')
    const alertsFor = async (kind: 'raised' | 'cleared') =>
      (await ok(core, 'alerts.list', {})).filter((a) => a.check_id === `machine:${machine.id}` && a.kind === kind)
    const sale = await atm.sale({ customerAdminKey: w.customer.adminkey, sats: 12_345, fiatAmount: 6_000 })
    await peer.halt()
    try {
      const down = await ok(core, 'sync.run', { wallet_id: binding.id, process: false })
      expect(down.wallets[0]).toMatchObject({ fetched: 0, settlements: 0, error: expect.stringMatching(/^LNbits: cannot reach/) })
      const status = await ok(core, 'sync.status', {})
      expect(status.wallets.find((x) => x.wallet_id === binding.id)).toMatchObject({
        last_error: expect.stringMatching(/cannot reach/),
        last_success_at: null,
      })
      // a condition that holds two rounds is raised, once
      expect(await alertsFor('raised')).toEqual([])
      await ok(core, 'sync.run', { wallet_id: binding.id, process: false })
      await ok(core, 'sync.run', { wallet_id: binding.id, process: false })
      expect(await alertsFor('raised')).toEqual([
        expect.objectContaining({ title: 'Station ATM: its wallet could not be read', detail: expect.stringMatching(/cannot reach/) }),
      ])
    } finally {
      await peer.launch()
    }
    const back = await ok(core, 'sync.run', { wallet_id: binding.id, process: false })
    expect(back.wallets[0]).toMatchObject({ settlements: 1, error: null })
    expect(await alertsFor('cleared')).toEqual([expect.objectContaining({ detail: expect.stringMatching(/^Back to normal/) })])
    expect((await ok(core, 'alerts.list', { open: true })).filter((a) => a.check_id === `machine:${machine.id}`)).toEqual([])
    expect(await byHash(sale.payment_hash)).toMatchObject({ crypto_atoms: 12_345 })
    const status = await ok(core, 'sync.status', {})
    expect(status.wallets.find((x) => x.wallet_id === binding.id)).toMatchObject({ last_error: null, last_success_at: expect.any(String) })
  }, 120_000)

  it('paused: no ingestion and no payouts (the outbox alone still goes out)', async () => {
    await ok(core, 'processing.pause', { reason: 'counting cash' })
    try {
      expect(await ok(core, 'sync.run', {})).toMatchObject({ paused: true, wallets: [], processed: null, outbox: { signed: 0 } })
    } finally {
      await ok(core, 'processing.resume', {})
    }
  })
})

function atmConfigOf(atm: AtmSimulator) {
  return (atm as unknown as { config: ConstructorParameters<typeof AtmSimulator>[0] }).config
}

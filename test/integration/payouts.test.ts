import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import type { Core } from '../../src-main/core/core'
import { LnbitsClient } from '../../src-main/core/lnbits/client'
import { SETTING } from '../../src-main/core/settings/store'
import type { Client } from '../../src-shared/domain/client'
import type { SettlementDetail } from '../../src-shared/domain/settlement'
import { machineArgs } from '../support/core'
import { newPubkey } from '../support/keys'
import { coreAt, ctx, ok, onboardedLp } from '../support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// Money moves for real: a real LNbits, internal payments between its wallets.
let peer: LnbitsPeer
let core: Core
const dir = tempDir('satop-payouts-')
const w: Record<'machine' | 'customer' | 'ana' | 'beto' | 'partner' | 'platform' | 'carla' | 'funding' | 'empty', TestWallet> = {} as never

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  for (const name of ['machine', 'customer', 'ana', 'beto', 'partner', 'platform', 'carla', 'funding', 'empty'] as const)
    w[name] = await peer.newWallet(name)
  await peer.fund(w.funding.id, 1_000_000)
  await peer.fund(w.customer.id, 1_000_000)
  core = coreAt(dir.path, { lnbitsTimeoutMs: 10_000 })
}, 120_000)

afterAll(async () => {
  await core?.close()
  await peer?.stop()
  dir.remove()
})

describe('wallet bindings', () => {
  it('refuses keys that are swapped, foreign or unknown, and writes nothing', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Probe ATM' }))
    const bind = (invoice_key: string, admin_key: string) =>
      core.call('wallets.bind', { role: 'machine', machine_id: m.id, lnbits_url: peer.url, invoice_key, admin_key }, ctx)
    expect(await bind(w.machine.adminkey, w.machine.inkey)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'admin_key' }] },
    })
    expect(await bind(w.ana.inkey, w.machine.adminkey)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringContaining('different LNbits wallets') },
    })
    expect(await bind('f'.repeat(32), w.machine.adminkey)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'invoice_key' }] },
    })
    const down = await core.call(
      'wallets.bind',
      { role: 'funding', lnbits_url: 'http://127.0.0.1:9', invoice_key: w.ana.inkey, admin_key: w.ana.adminkey },
      ctx,
    )
    expect(down).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(await ok(core, 'wallets.list', {})).toEqual([])
  })

  it('binds, shows only previews, tests and rotates a key', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Bound ATM' }))
    const b = await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: m.id,
      label: 'Lobby wallet',
      lnbits_url: peer.url + '/',
      invoice_key: w.ana.inkey,
      admin_key: w.ana.adminkey,
    })
    expect(b).toMatchObject({
      role: 'machine',
      lnbits_url: peer.url,
      lnbits_wallet_id: w.ana.id,
      invoice_key_preview: `…${w.ana.inkey.slice(-4)}`,
      last_test_ok: true,
    })
    const everything = JSON.stringify(await ok(core, 'wallets.list', {}))
    expect(everything).not.toContain(w.ana.inkey)
    expect(everything).not.toContain(w.ana.adminkey)
    const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    expect(JSON.stringify(raw.prepare('SELECT * FROM wallet_bindings').all())).not.toContain(w.ana.adminkey)
    raw.close()
    expect(await ok(core, 'wallets.test', { id: b.id })).toMatchObject({
      ok: true,
      admin_key_ok: true,
      invoice_key_ok: true,
      same_wallet: true,
    })
    expect(await core.call('wallets.rotateKey', { id: b.id, admin_key: w.beto.adminkey }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    })
    expect(
      await core.call(
        'wallets.bind',
        { role: 'machine', machine_id: m.id, lnbits_url: peer.url, invoice_key: w.ana.inkey, admin_key: w.ana.adminkey },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } })
    // another machine cannot read the same wallet (each would see the other's sales)
    const m2 = await ok(core, 'machines.create', machineArgs({ name: 'Second ATM' }))
    expect(
      await core.call(
        'wallets.bind',
        { role: 'machine', machine_id: m2.id, lnbits_url: peer.url, invoice_key: w.ana.inkey, admin_key: w.ana.adminkey },
        ctx,
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'That LNbits wallet is already the wallet of machine "Bound ATM": each machine needs a wallet of its own.',
      },
    })
  })
})

describe('a cash-out paid through LNbits', () => {
  it('every LP, split target and the platform receive exactly their leg; the legs add up to the sats in', async () => {
    const key = JSON.stringify(newPubkey().hex)
    const ledger = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    ledger
      .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?), (?, ?, ?)')
      .run(SETTING.platformPubkey, key, 'x', SETTING.operatorPubkey, key, 'x')
    ledger.close()
    await ok(core, 'superConfig.update', { super_cash_out_fee_fraction: '0.01', fee_destination: w.platform.inkey })

    const m = await ok(core, 'machines.create', machineArgs({ name: 'Paying ATM', operator_cash_out_fee_fraction: '0.04' }))
    await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: m.id,
      lnbits_url: peer.url,
      invoice_key: w.machine.inkey,
      admin_key: w.machine.adminkey,
    })
    const lps: Client[] = []
    for (const [name, wallet, amount] of [
      ['Ana', w.ana, 60_000],
      ['Beto', w.beto, 40_000],
    ] as const) {
      const lp = await onboardedLp(core, m.id, name, wallet.inkey, amount)
      lps.push(lp)
    }
    await ok(core, 'splits.replace', {
      machine_id: m.id,
      legs: [
        { destination: w.partner.inkey, label: 'Partner', fraction: '0.75' },
        { client_id: lps[0]!.id, fraction: '0.25' },
      ],
    })

    // The ATM's sale: the customer pays the machine wallet's invoice (only the ATM is played here).
    const lnbits = new LnbitsClient({ url: peer.url })
    const C = 266_800
    const sale = await lnbits.createInvoice(w.machine.inkey, { amount_sats: C, memo: 'ATM sale' })
    await lnbits.pay(w.customer.adminkey, sale.bolt11)
    const balances = async () =>
      Object.fromEntries(await Promise.all(Object.entries(w).map(async ([n, wal]) => [n, await peer.balanceMsat(wal.inkey)] as const)))
    const before = await balances()

    const s = await ok(core, 'settlements.record', {
      machine_id: m.id,
      txid: 'atm-42',
      direction: 'cash_out',
      crypto_atoms: C,
      fiat_amount: 150_000,
      payment_hash: sale.payment_hash,
    })
    await ok(core, 'settlements.process', { settlement_id: s.id })
    const done = await ok(core, 'settlements.get', { settlement_id: s.id })
    expect(done.status).toBe('completed')
    expect(done.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(C)

    const after = await balances()
    const grew = (n: keyof typeof w) => (after[n]! - before[n]!) / 1000
    const legSats = (pred: (l: SettlementDetail['legs'][number]) => boolean) =>
      done.legs.filter(pred).reduce((a, l) => a + l.amount_sats, 0)
    expect(grew('platform')).toBe(legSats((l) => l.leg_type === 'super_fee'))
    expect(grew('partner')).toBe(legSats((l) => l.target_label === 'Partner'))
    expect(grew('ana')).toBe(legSats((l) => l.client_id === lps[0]!.id))
    expect(grew('beto')).toBe(legSats((l) => l.client_id === lps[1]!.id))
    // what left the machine wallet is exactly the money legs; principal and retained stay
    expect(-grew('machine')).toBe(legSats((l) => !['operator_principal', 'retained'].includes(l.leg_type)))
    for (const leg of done.legs.filter((l) => l.payment_hash)) {
      expect(await lnbits.paymentState(w.machine.adminkey, leg.payment_hash!)).toEqual({ state: 'success' })
    }
    // paying again is impossible: the settlement is completed and retry refuses
    expect(await core.call('settlements.retry', { settlement_id: s.id }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })
})

describe("settling an LP's balance", () => {
  it('pays remaining fiat at the operator rate from a funding wallet, capped at what remains, never twice', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Settle ATM' }))
    const carla = await onboardedLp(core, m.id, 'Carla', w.carla.inkey, 50_000)
    const funding = await ok(core, 'wallets.bind', {
      role: 'funding',
      label: 'Operator savings',
      lnbits_url: peer.url,
      invoice_key: w.funding.inkey,
      admin_key: w.funding.adminkey,
    })
    const machineWallet = await ok(core, 'wallets.list', { role: 'machine' })
    expect(
      await core.call('clients.settle', { id: carla.id, sats_per_fiat_unit: '1250', funding_wallet_id: machineWallet[0]!.id }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'invalid_args' } })

    const before = await peer.balanceMsat(w.carla.inkey)
    const part = await ok(core, 'clients.settle', {
      id: carla.id,
      amount_fiat: 20_000,
      sats_per_fiat_unit: '1250',
      funding_wallet_id: funding.id,
    })
    expect(part).toMatchObject({ status: 'completed', amount_fiat: 20_000, amount_sats: 250_000 })
    const rest = await ok(core, 'clients.settle', {
      id: carla.id,
      amount_fiat: 999_999,
      sats_per_fiat_unit: '1250.5',
      funding_wallet_id: funding.id,
    })
    expect(rest).toMatchObject({ status: 'completed', amount_fiat: 30_000, amount_sats: 375_150 }) // capped at the 300.00 GTQ left
    expect((await peer.balanceMsat(w.carla.inkey)) - before).toBe((250_000 + 375_150) * 1000)
    expect(await ok(core, 'clients.balance', { id: carla.id })).toMatchObject({
      remaining_fiat: 0,
      settled_fiat: 50_000,
      settled_sats: 625_150,
    })
    expect(
      await core.call('clients.settle', { id: carla.id, sats_per_fiat_unit: '1250', funding_wallet_id: funding.id }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('no remaining balance') } })
  })

  it('a settlement LNbits refuses is voided: the balance stays, nothing moved', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Broke ATM' }))
    const lp = await onboardedLp(core, m.id, 'Dora', w.carla.inkey, 10_000)
    const empty = await ok(core, 'wallets.bind', {
      role: 'funding',
      label: 'Empty',
      lnbits_url: peer.url,
      invoice_key: w.empty.inkey,
      admin_key: w.empty.adminkey,
    })
    const leg = await ok(core, 'clients.settle', { id: lp.id, sats_per_fiat_unit: '1000', funding_wallet_id: empty.id })
    expect(leg.status).toBe('voided')
    expect(leg.error).toMatch(/Insufficient balance/i)
    expect(await ok(core, 'clients.balance', { id: lp.id })).toMatchObject({ remaining_fiat: 10_000, settled_sats: 0 })
  })
})

describe("Lightning address and LNURL destinations (LNbits serves its wallets' addresses)", () => {
  const address = (wallet: TestWallet) => `${wallet.lightning_address}@127.0.0.1:${peer.port}`
  /** A machine whose own funded LNbits wallet is bound, with no operator fee: every sat is the LPs'. */
  const machineWithWallet = async (name: string) => {
    const m = await ok(core, 'machines.create', machineArgs({ name, operator_cash_out_fee_fraction: '0' }))
    const wallet = await peer.newWallet(name.toLowerCase().replace(/\W+/g, '-'))
    await peer.fund(wallet.id, 100_000)
    await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: m.id,
      lnbits_url: peer.url,
      invoice_key: wallet.inkey,
      admin_key: wallet.adminkey,
    })
    return m
  }

  it('verifies an address live: it resolves, and its invoice has the right amount and description hash', async () => {
    const good = await ok(core, 'destinations.verify', { destination: address(w.beto) })
    expect(good).toMatchObject({ ok: true, kind: 'lightning_address' })
    expect(good.min_sats).toBeGreaterThanOrEqual(1)
    const bad = await ok(core, 'destinations.verify', { destination: `nobody-here@127.0.0.1:${peer.port}` })
    expect(bad.ok).toBe(false)
    expect(bad.detail).toContain('Payouts to it would fail')
    // Offline (nothing listens there): the check is not done, rather than the destination blamed.
    expect(await core.call('destinations.verify', { destination: 'ana@127.0.0.1:1' }, ctx)).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/could not be checked now: cannot reach 127\.0\.0\.1:1.*Check the network/),
      },
    })
    const key = await ok(core, 'destinations.verify', { destination: w.beto.inkey })
    expect(key.ok).toBe(true)
    expect((await ok(core, 'destinations.verify', { destination: 'e'.repeat(32) })).ok).toBe(false)
  })

  it("pays a DCA leg to an LP's Lightning address, exactly", async () => {
    const m = await machineWithWallet('Address ATM')
    const lp = await ok(core, 'clients.create', { machine_id: m.id, name: 'Eva', payout_destination: address(w.beto) })
    const verified = await ok(core, 'destinations.verify', { client_id: lp.id })
    expect(verified).toMatchObject({ ok: true, verified_at: expect.any(String) })
    expect(await ok(core, 'clients.get', { id: lp.id })).toMatchObject({ destination_verified_at: verified.verified_at })
    const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: m.id, amount: 10_000 })
    await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
    const before = await peer.balanceMsat(w.beto.inkey)
    const s = await ok(core, 'settlements.record', {
      machine_id: m.id,
      txid: 'addr-1',
      direction: 'cash_out',
      crypto_atoms: 20_000,
      fiat_amount: 10_000,
    })
    await ok(core, 'settlements.process', { settlement_id: s.id })
    const done = await ok(core, 'settlements.get', { settlement_id: s.id })
    expect(done.status).toBe('completed')
    const dca = done.legs.find((l) => l.leg_type === 'dca')!
    expect((await peer.balanceMsat(w.beto.inkey)) - before).toBe(dca.amount_sats * 1000)
  })

  it('checks destinations onboarded offline in the background, once online: working ones verify, bad ones are marked failed with why', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Background ATM' }))
    const good = await ok(core, 'clients.create', { machine_id: m.id, name: 'Buena', payout_destination: address(w.beto) })
    const bad = await ok(core, 'clients.create', {
      machine_id: m.id,
      name: 'Mala',
      payout_destination: `nobody-either@127.0.0.1:${peer.port}`,
    })
    const round = await ok(core, 'sync.run', { process: false })
    expect(round.destinations).toMatchObject({ offline: false })
    expect(round.destinations!.verified).toBeGreaterThanOrEqual(1)
    expect(round.destinations!.failed).toBeGreaterThanOrEqual(1)
    expect(await ok(core, 'clients.get', { id: good.id })).toMatchObject({
      destination_check: 'verified',
      destination_verified_at: expect.any(String),
    })
    expect(await ok(core, 'clients.get', { id: bad.id })).toMatchObject({
      destination_check: 'failed',
      destination_check_error: expect.stringContaining('Payouts to it would fail'),
    })
    // a failed one rests for an hour before it is checked again: the next round leaves it
    await ok(core, 'sync.run', { process: false })
    const [row] = (await ok(core, 'audit.list', { entity: 'client', entity_id: bad.id, limit: 10 })).items.filter(
      (r) => r.command === 'destinations.check',
    )
    expect(row).toBeDefined()
    expect(
      (await ok(core, 'audit.list', { entity: 'client', entity_id: bad.id, limit: 10 })).items.filter(
        (r) => r.command === 'destinations.check',
      ),
    ).toHaveLength(1)
  })

  it('pays nothing to a destination that failed its check: that LP waits with the reason, the rest is paid; fixed, a retry pays', async () => {
    const m = await machineWithWallet('Check ATM')
    // onboarded offline with an address nobody answers to: well-formed, unchecked
    const lp = await ok(core, 'clients.create', {
      machine_id: m.id,
      name: 'Nadie',
      payout_destination: `nobody-here@127.0.0.1:${peer.port}`,
    })
    const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: m.id, amount: 5_000 })
    await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
    const s = await ok(core, 'settlements.record', {
      machine_id: m.id,
      txid: 'check-1',
      direction: 'cash_out',
      crypto_atoms: 20_000,
      fiat_amount: 10_000,
    })
    await ok(core, 'settlements.process', { settlement_id: s.id })
    const mid = await ok(core, 'settlements.get', { settlement_id: s.id })
    expect(mid.status).toBe('errored')
    const dca = mid.legs.find((l) => l.leg_type === 'dca')!
    expect(dca).toMatchObject({ status: 'planned', error: expect.stringContaining("Nadie's destination failed its check") })
    expect(await ok(core, 'clients.get', { id: lp.id })).toMatchObject({
      destination_check: 'failed',
      destination_check_error: expect.stringContaining('Payouts to it would fail'),
    })
    // the operator fixes it; the retry checks the new destination live, then pays it
    await ok(core, 'clients.update', { id: lp.id, payout_destination: address(w.beto) })
    const before = await peer.balanceMsat(w.beto.inkey)
    const done = await ok(core, 'settlements.retry', { settlement_id: s.id })
    expect(done.status).toBe('completed')
    const paid = done.legs.find((l) => l.leg_type === 'dca')!
    expect((await peer.balanceMsat(w.beto.inkey)) - before).toBe(paid.amount_sats * 1000)
    expect(await ok(core, 'clients.get', { id: lp.id })).toMatchObject({ destination_check: 'verified' })
  })
})

describe('an LNURL server that hands out the wrong invoice', () => {
  it('is caught before anything is paid: wrong amount, or a description hash that does not commit to the metadata', async () => {
    const { createServer } = await import('node:http')
    const { fetchPayParams, requestInvoice } = await import('../../src-main/core/lnurl/pay')
    const real = await new LnbitsClient({ url: peer.url }).createInvoice(w.beto.inkey, { amount_sats: 5, memo: 'not what was promised' })
    const server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const port = (server.address() as { port: number }).port
      if (req.url?.startsWith('/.well-known/lnurlp/')) {
        res.end(
          JSON.stringify({
            tag: 'payRequest',
            callback: `http://127.0.0.1:${port}/cb`,
            minSendable: 1000,
            maxSendable: 1_000_000,
            metadata: '[["text/plain","hi"]]',
          }),
        )
      } else res.end(JSON.stringify({ pr: real.bolt11, routes: [] }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    try {
      const addr = `mallory@127.0.0.1:${(server.address() as { port: number }).port}`
      const params = await fetchPayParams('lightning_address', addr)
      await expect(requestInvoice(params, 10_000)).rejects.toThrow(/invoice is for 5000 msat, not the 10000 asked for/)
      await expect(requestInvoice(params, 5_000)).rejects.toThrow(/description hash mismatch/)
      await expect(requestInvoice(params, 10)).rejects.toThrow(/accepts 1 to 1000 sats/)
    } finally {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })
})

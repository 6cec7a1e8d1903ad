import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { AtmSimulator } from '../../src-main/atm-sim/atm'
import type { Core } from '../../src-main/core/core'
import { LnbitsClient } from '../../src-main/core/lnbits/client'
import { machineArgs } from '../support/core'
import { coreAt, ok, onboardedLp } from '../support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// reconcile.run against a real LNbits: a machine wallet whose sales and payouts all check out,
// then money taken from it outside the app, and a leg edited in the ledger behind the app's back.
let peer: LnbitsPeer
let core: Core
const dir = tempDir('satop-reconcile-')
const w: Record<'machine' | 'customer' | 'ana' | 'partner', TestWallet> = {} as never
const machineKey = generateSecretKey()
let walletId = ''
let atm: AtmSimulator

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  for (const name of ['machine', 'customer', 'ana', 'partner'] as const) w[name] = await peer.newWallet(name)
  await peer.fund(w.customer.id, 2_000_000)
  core = coreAt(dir.path, { lnbitsTimeoutMs: 10_000 })
  const machine = await ok(
    core,
    'machines.create',
    machineArgs({ machine_npub: npubEncode(getPublicKey(machineKey)), operator_cash_out_fee_fraction: '0.05' }),
  )
  walletId = (
    await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: machine.id,
      lnbits_url: peer.url,
      invoice_key: w.machine.inkey,
      admin_key: w.machine.adminkey,
    })
  ).id
  await onboardedLp(core, machine.id, 'Ana', w.ana.inkey, 100_000)
  await ok(core, 'splits.replace', { machine_id: machine.id, legs: [{ destination: w.partner.inkey, label: 'Partner', fraction: '1' }] })
  atm = new AtmSimulator({
    lnbitsUrl: peer.url,
    machineInvoiceKey: w.machine.inkey,
    machineAdminKey: w.machine.adminkey,
    machineSecretKey: machineKey,
    operatorPubkey: getPublicKey(generateSecretKey()),
    fiatCode: 'GTQ',
  })
}, 120_000)

afterAll(async () => {
  await core?.close()
  await peer?.stop()
  dir.remove()
})

describe('reconciliation against LNbits', () => {
  it('sales in and legs out check out: no mismatch, and the balance is explained to the msat', async () => {
    await atm.sale({ customerAdminKey: w.customer.adminkey, sats: 60_000, fiatAmount: 30_000, txid: 'r-1' })
    await atm.sale({ customerAdminKey: w.customer.adminkey, sats: 40_000, fiatAmount: 20_000, txid: 'r-2' })
    const round = await ok(core, 'sync.run', {})
    expect(round.processed).toHaveLength(2)
    const report = await ok(core, 'reconcile.run', {})
    const [wallet] = report.wallets
    expect(report.ok).toBe(true)
    expect(wallet!.findings.filter((f) => f.severity === 'mismatch')).toEqual([])
    const legs = (await ok(core, 'payments.list', { limit: 100 })).items.filter((l) => l.status === 'completed' && l.payment_hash)
    expect(wallet!.legs_checked).toBe(legs.length)
    expect(wallet!.balance).toMatchObject({
      sales_in_msat: 100_000_000,
      legs_out_msat: legs.reduce((a, l) => a + l.amount_sats * 1000, 0),
      other_out_msat: 0,
      balance_msat: await peer.balanceMsat(w.machine.inkey),
    })
    expect(wallet!.balance!.expected_msat).toBe(wallet!.balance!.balance_msat)
    // kept in the ledger, and audited
    const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'), { readonly: true })
    expect(raw.prepare('SELECT id, ok FROM reconcile_reports').all()).toEqual([{ id: report.id, ok: 1 }])
    raw.close()
    expect((await ok(core, 'audit.list', { entity: 'reconcile_report', limit: 5 })).items).toHaveLength(1)
  }, 120_000)

  it('money paid from the machine wallet outside the app is flagged, and the balance still explained', async () => {
    // the operator tops the till up (it waits among the unattributed payments), then someone takes sats out by hand
    await peer.fund(w.machine.id, 10_000)
    await ok(core, 'sync.run', { process: false })
    const client = new LnbitsClient({ url: peer.url })
    const invoice = await client.createInvoice(w.customer.inkey, { amount_sats: 1_234, memo: 'taken by hand' })
    await client.pay(w.machine.adminkey, invoice.bolt11)
    const report = await ok(core, 'reconcile.run', { wallet_id: walletId })
    expect(report.ok).toBe(false)
    const [wallet] = report.wallets
    expect(wallet!.findings).toEqual([
      expect.objectContaining({
        kind: 'money_left_unseen',
        severity: 'mismatch',
        payment_hash: invoice.payment_hash,
        amount_msat: 1_234_000,
        message: expect.stringContaining('1234 sats left this wallet'),
        action: expect.stringContaining('rotate it'),
      }),
    ])
    expect(wallet!.balance).toMatchObject({ other_in_msat: 10_000_000, other_out_msat: 1_234_000 })
    expect(wallet!.balance!.expected_msat).toBe(wallet!.balance!.balance_msat)
  }, 60_000)

  it('a leg edited in the ledger behind the app is found: its amount is not what LNbits paid; the audit row rewritten to match breaks the chain', async () => {
    const [leg] = (await ok(core, 'payments.list', { limit: 100 })).items.filter((l) => l.leg_type === 'dca' && l.status === 'completed')
    const raw = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'legs'").all() as { name: string }[])
      raw.exec(`DROP TRIGGER ${t.name}`)
    raw.prepare('UPDATE legs SET amount_sats = amount_sats + 5 WHERE id = ?').run(leg!.id)
    raw.close()
    const report = await ok(core, 'reconcile.run', {})
    expect(report.wallets[0]!.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'leg_amount_differs',
          leg_id: leg!.id,
          message: expect.stringContaining(`is ${leg!.amount_sats + 5} sats in the ledger, but LNbits paid ${leg!.amount_sats} sats`),
        }),
      ]),
    )
    // and commission verification finds the same settlement
    expect((await ok(core, 'reconcile.verifyCommissions', {})).differences.map((d) => d.settlement_id)).toEqual([leg!.settlement_id])
    // covering it up in the audit log too: the rewritten row no longer follows from the one before
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: true })
    const edit = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    edit.exec('DROP TRIGGER audit_log_append_only_update')
    const row = edit
      .prepare("SELECT seq FROM audit_log WHERE entity = 'settlement' AND entity_id = ? ORDER BY seq LIMIT 1")
      .get(leg!.settlement_id) as { seq: number }
    edit.prepare('UPDATE audit_log SET after_json = \'{"note":"amounts as recorded"}\' WHERE seq = ?').run(row.seq)
    edit.close()
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: false, broken_at: row.seq })
  }, 60_000)

  it('a leg paid a second time under another invoice (tagged with the same leg) is found', async () => {
    const [split] = (await ok(core, 'payments.list', { limit: 100 })).items.filter(
      (l) => l.leg_type === 'operator_split' && l.status === 'completed',
    )
    const client = new LnbitsClient({ url: peer.url })
    const again = await client.createInvoice(w.partner.inkey, { amount_sats: split!.amount_sats, memo: 'paid again' })
    await client.pay(w.machine.adminkey, again.bolt11, {
      satmachine_leg: { leg_id: split!.id, settlement_id: split!.settlement_id, leg_type: 'operator_split' },
    })
    const report = await ok(core, 'reconcile.run', {})
    expect(report.wallets[0]!.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'leg_paid_twice', leg_id: split!.id, message: expect.stringContaining('was paid 2 times') }),
      ]),
    )
    expect(report.wallets[0]!.balance!.expected_msat).toBe(report.wallets[0]!.balance!.balance_msat)
  }, 60_000)

  it('LNbits stopped: the wallet says it could not be read, and nothing is judged', async () => {
    await peer.halt()
    try {
      const report = await ok(core, 'reconcile.run', {})
      expect(report).toMatchObject({
        ok: false,
        wallets: [{ error: expect.stringMatching(/cannot reach .*Nothing was judged/), findings: [] }],
      })
    } finally {
      await peer.launch()
    }
  }, 60_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { LnbitsClient } from '../../src-main/core/lnbits/client'
import type { Client } from '../../src-shared/domain/client'
import type { Machine } from '../../src-shared/domain/machine'
import type { WalletBinding } from '../../src-shared/domain/wallet'
import { machineArgs } from '../support/core'
import { KillProxy } from '../support/kill-proxy'
import { coreAt, ctx, ok, onboardedLp } from '../support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// Payouts when LNbits misbehaves: each fault leaves the settlement errored with the reason and
// its legs retryable; a retry completes it; no leg is ever paid twice. The machine wallet is
// bound through a proxy that injects what a healthy LNbits will not do on demand.
let peer: LnbitsPeer
let proxy: KillProxy
let core: Core
let lnbits: LnbitsClient
let machine: Machine
let binding: WalletBinding
const dir = tempDir('satop-faults-')
const w: Record<'machine' | 'ana' | 'beto' | 'partner', TestWallet> = {} as never
let txid = 0

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  proxy = new KillProxy(peer.url)
  await proxy.start()
  lnbits = new LnbitsClient({ url: peer.url })
  for (const name of ['machine', 'ana', 'beto', 'partner'] as const) w[name] = await peer.newWallet(name)
  core = coreAt(dir.path, { lnbitsTimeoutMs: 4_000 })
  machine = await ok(core, 'machines.create', machineArgs({ operator_cash_out_fee_fraction: '0.05' }))
  binding = await ok(core, 'wallets.bind', {
    role: 'machine',
    machine_id: machine.id,
    lnbits_url: proxy.url,
    invoice_key: w.machine.inkey,
    admin_key: w.machine.adminkey,
  })
  const lps: Client[] = []
  for (const [name, amount] of [
    ['ana', 600_000],
    ['beto', 400_000],
  ] as const) {
    const lp = await onboardedLp(core, machine.id, name, w[name].inkey, amount)
    lps.push(lp)
  }
  await ok(core, 'splits.replace', {
    machine_id: machine.id,
    legs: [
      { destination: w.partner.inkey, label: 'Partner', fraction: '0.6' },
      { client_id: lps[0]!.id, fraction: '0.4' },
    ],
  })
}, 120_000)

afterAll(async () => {
  await core?.close()
  await proxy?.stop()
  await peer?.stop()
  dir.remove()
})

const sale = () =>
  ok(core, 'settlements.record', {
    machine_id: machine.id,
    txid: `fault-${++txid}`,
    direction: 'cash_out',
    crypto_atoms: 100_000,
    fiat_amount: 50_000,
  })
const processOnce = async (id: string) => (await ok(core, 'settlements.process', { settlement_id: id })).processed[0]!

/** Each money leg is one successful LNbits payment (same hash, same amount), and none is there twice. */
async function expectPaidOnce(id: string): Promise<void> {
  const done = await ok(core, 'settlements.get', { settlement_id: id })
  expect(done.status).toBe('completed')
  expect(done.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(100_000)
  const out = (await lnbits.listPayments(currentAdmin, { status: 'success', limit: 500 })).filter((p) => p.amount_msat < 0)
  for (const leg of done.legs.filter((l) => l.payment_hash)) {
    const tagged = out.filter((p) => (p.extra.satmachine_leg as { leg_id?: string } | undefined)?.leg_id === leg.id)
    expect(tagged.map((p) => [p.payment_hash, -p.amount_msat / 1000])).toEqual([[leg.payment_hash, leg.amount_sats]])
  }
}
let currentAdmin = ''

describe('payout faults against a real LNbits', () => {
  it("520 (not enough in the machine wallet): errored with LNbits' reason, nothing moved; funded, retry pays each leg once", async () => {
    currentAdmin = w.machine.adminkey
    const s = await sale()
    const r = await processOnce(s.id)
    expect(r).toMatchObject({ status: 'errored', error: expect.stringMatching(/insufficient balance/i) })
    expect(await peer.balanceMsat(w.ana.inkey)).toBe(0)
    const legs = (await ok(core, 'settlements.get', { settlement_id: s.id })).legs
    expect(legs.filter((l) => l.status === 'failed').length).toBeGreaterThan(0)
    expect(legs.filter((l) => l.status === 'completed' && l.payment_hash)).toEqual([])
    await peer.fund(w.machine.id, 1_000_000)
    expect(await ok(core, 'settlements.retry', { settlement_id: s.id })).toMatchObject({ status: 'completed' })
    await expectPaidOnce(s.id)
  })

  it('LNbits stopped: errored "cannot reach"; back again, retry completes', async () => {
    const s = await sale()
    await peer.halt()
    try {
      expect(await processOnce(s.id)).toMatchObject({ status: 'errored', error: expect.stringContaining('cannot reach') })
    } finally {
      await peer.launch()
    }
    expect(await ok(core, 'settlements.retry', { settlement_id: s.id })).toMatchObject({ status: 'completed' })
    await expectPaidOnce(s.id)
  })

  it('slow: the pay answer comes after the timeout; the leg stays in flight and is resolved by its hash, not paid again', async () => {
    const s = await sale()
    proxy.fault = { match: (c) => c.kind === 'pay', delayMs: 6_000 }
    const r = await processOnce(s.id)
    expect(r).toMatchObject({ status: 'errored', error: expect.stringMatching(/outcome unknown/i) })
    const inFlight = (await ok(core, 'settlements.get', { settlement_id: s.id })).legs.filter((l) => l.status === 'in_flight')
    expect(inFlight).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 2_500)) // LNbits has long paid it
    expect(await ok(core, 'settlements.retry', { settlement_id: s.id })).toMatchObject({ status: 'completed' })
    await expectPaidOnce(s.id)
  })

  it('5xx on the pay request (LNbits never got it): the outcome is open, the retry asks first, then pays the same invoice once', async () => {
    const s = await sale()
    proxy.fault = { match: (c) => c.kind === 'pay', respond: { status: 502, body: { detail: 'Bad gateway' } } }
    expect(await processOnce(s.id)).toMatchObject({ status: 'errored', error: expect.stringMatching(/outcome unknown/i) })
    expect(await ok(core, 'settlements.retry', { settlement_id: s.id })).toMatchObject({ status: 'completed' })
    await expectPaidOnce(s.id)
  })

  it('a key reset in LNbits: refused with what to do; rotateKey with both new keys, retry completes', async () => {
    const s = await sale()
    const reset = await peer.resetKeys(w.machine)
    expect(reset.adminkey).not.toBe(w.machine.adminkey)
    const r = await processOnce(s.id)
    expect(r).toMatchObject({ status: 'errored', error: expect.stringMatching(/not known to this LNbits|unauthorized/i) })
    // the wallet test finds it, and health says what to do
    expect(await ok(core, 'wallets.test', { id: binding.id })).toMatchObject({ ok: false })
    const machineCheck = async () => (await ok(core, 'health.get', {})).checks.find((c) => c.id === `machine:${binding.machine_id}`)
    expect(await machineCheck()).toMatchObject({
      state: 'problem',
      title: expect.stringContaining('LNbits refused the wallet'),
      action: expect.stringContaining('rotate them'),
    })
    // one key alone cannot be proven against the stale other one
    expect(await core.call('wallets.rotateKey', { id: binding.id, admin_key: reset.adminkey }, ctx)).toMatchObject({ ok: false })
    const rotated = await ok(core, 'wallets.rotateKey', { id: binding.id, admin_key: reset.adminkey, invoice_key: reset.inkey })
    expect(rotated).toMatchObject({
      admin_key_preview: `…${reset.adminkey.slice(-4)}`,
      invoice_key_preview: `…${reset.inkey.slice(-4)}`,
      last_test_ok: true,
    })
    currentAdmin = reset.adminkey
    expect((await machineCheck())!.title).not.toContain('refused')
    expect(await ok(core, 'settlements.retry', { settlement_id: s.id })).toMatchObject({ status: 'completed' })
    await expectPaidOnce(s.id)
  })
})

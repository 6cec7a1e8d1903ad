import { afterAll, beforeAll, describe, it } from 'vitest'
import { LnbitsClient } from '../src-main/core/lnbits/client'
import type { Core } from '../src-main/core/core'
// the pinned LNbits, made once
import { ensureLnbitsVenv } from '../scripts/lnbits-venv.mjs'
import { machineArgs } from '../test/support/core'
import { coreAt, ok } from '../test/support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../test/support/lnbits'
import { tempDir } from '../test/support/tmp'
import { report } from './support/report'

/**
 * Legs paid per second through the app (plan, persist, invoice, in-flight write, pay, status
 * write, for every leg) next to the floor: bare LNbits invoice + pay calls in the same run.
 */
let peer: LnbitsPeer

beforeAll(async () => {
  ensureLnbitsVenv()
  peer = await LnbitsPeer.start()
}, 180_000)

afterAll(async () => {
  await peer?.stop()
})

describe('payout benchmarks against a real LNbits', () => {
  it('bare LNbits vs through the app', async () => {
    const machine = await peer.newWallet('machine')
    await peer.fund(machine.id, 5_000_000)
    const targets: TestWallet[] = []
    for (let i = 0; i < 4; i++) targets.push(await peer.newWallet(`lp${i}`))
    const client = new LnbitsClient({ url: peer.url })

    const N = 100
    let t0 = performance.now()
    for (let i = 0; i < N; i++) {
      const inv = await client.createInvoice(targets[i % 4]!.inkey, { amount_sats: 100 + i, memo: 'bare' })
      await client.pay(machine.adminkey, inv.bolt11)
    }
    const bare = performance.now() - t0

    const dir = tempDir('satop-bench-pay-')
    const core: Core = coreAt(dir.path)
    const m = await ok(core, 'machines.create', machineArgs({ operator_cash_out_fee_fraction: '0' }))
    await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: m.id,
      lnbits_url: peer.url,
      invoice_key: machine.inkey,
      admin_key: machine.adminkey,
    })
    for (const [i, t] of targets.entries()) {
      const lp = await ok(core, 'clients.create', { machine_id: m.id, name: `LP ${i}`, payout_destination: t.inkey })
      await ok(core, 'destinations.verify', { client_id: lp.id }) // onboarding: the destination checked live
      const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: m.id, amount: 10_000_000 })
      await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
    }
    // Each sale: four DCA legs (no fee, so nothing else): N/4 sales = N payments.
    for (let i = 0; i < N / 4; i++)
      await ok(core, 'settlements.record', {
        machine_id: m.id,
        txid: `b${i}`,
        direction: 'cash_out',
        crypto_atoms: 4_000 + i,
        fiat_amount: 400,
      })
    t0 = performance.now()
    const r = await ok(core, 'settlements.process', { limit: 1000 })
    const app = performance.now() - t0
    const legs = (await ok(core, 'payments.list', { leg_type: 'dca', status: 'completed', limit: 500 })).items.length
    if (r.processed.some((p) => p.status !== 'completed') || legs !== N) throw new Error(`expected ${N} paid legs, got ${legs}`)
    report({
      name: `pay ${N} legs through LNbits (settlements.process)`,
      app_ms: app,
      floor_ms: bare,
      floor: 'bare LNbits invoice + pay calls for the same amounts',
      goal: 1.25,
      note: `${(legs / (app / 1000)).toFixed(1)} payments a second`,
    })
    await core.close()
    dir.remove()
  }, 600_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { AtmSimulator } from '../../src-main/atm-sim/atm'
import type { Client } from '../../src-shared/domain/client'
import type { SettlementDetail } from '../../src-shared/domain/settlement'
import type { SyncResult } from '../../src-shared/domain/ingestion'
import { satop, satopWithInput } from '../support/cli'
import { machineArgs } from '../support/core'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// A dispatcher in the field, through the real `satop`: with LNbits out of reach they onboard an
// LP and take the LP's cash (the deposit); once LNbits is back, the next round checks the LP's
// destination live before its first payment, and pays it what the ATM's sale owes it.
let peer: LnbitsPeer
const dir = tempDir('satop-offline-')
const w: Record<'machine' | 'customer' | 'lp', TestWallet> = {} as never
const machineKey = generateSecretKey()
const operator = getPublicKey(generateSecretKey())

const call = async <T>(name: string, args: unknown): Promise<T> => {
  const r = await satopWithInput(['call', name, '-', '--data-dir', dir.path], JSON.stringify(args))
  if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stdout}`)
  return r.json as T
}

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  for (const name of ['machine', 'customer', 'lp'] as const) w[name] = await peer.newWallet(name)
  await peer.fund(w.customer.id, 1_000_000)
}, 120_000)

afterAll(async () => {
  await peer?.stop()
  dir.remove()
})

describe('onboarding offline from the CLI, paid once LNbits is back', () => {
  it('an LP and a deposit are taken with LNbits down; the next round online verifies the destination and pays it', async () => {
    const machine = await call<{ id: string }>(
      'machines.create',
      machineArgs({ name: 'Field ATM', machine_npub: npubEncode(getPublicKey(machineKey)), operator_cash_out_fee_fraction: '0.05' }),
    )
    await call('wallets.bind', {
      role: 'machine',
      machine_id: machine.id,
      lnbits_url: peer.url,
      invoice_key: w.machine.inkey,
      admin_key: w.machine.adminkey,
    })

    await peer.halt() // the network is gone
    let lp: Client
    try {
      lp = await call<Client>('clients.create', { machine_id: machine.id, name: 'Doña Marta', payout_destination: w.lp.inkey })
      expect(lp).toMatchObject({ onboarded: true, destination_check: 'unchecked' })
      const deposit = await call<{ id: string }>('deposits.create', { client_id: lp.id, machine_id: machine.id, amount: 50_000 })
      expect(await call('deposits.setStatus', { id: deposit.id, status: 'confirmed' })).toMatchObject({ status: 'confirmed' })
      expect(await call('clients.balance', { id: lp.id })).toMatchObject({ remaining_fiat: 50_000 })
      // verifying now says the app is offline, not that the destination is bad
      const verify = await satop(['call', 'destinations.verify', JSON.stringify({ client_id: lp.id }), '--data-dir', dir.path])
      expect(verify.code).toBe(1)
      expect(verify.json).toMatchObject({ error: { code: 'unavailable', message: expect.stringContaining('could not be checked now') } })
      expect(await call('clients.get', { id: lp.id })).toMatchObject({ destination_check: 'unchecked' })
    } finally {
      await peer.launch()
    }

    // back online: the ATM sells, and one round ingests it, checks Doña Marta's destination and pays her
    const atm = new AtmSimulator({
      lnbitsUrl: peer.url,
      machineInvoiceKey: w.machine.inkey,
      machineAdminKey: w.machine.adminkey,
      machineSecretKey: machineKey,
      operatorPubkey: operator,
      fiatCode: 'GTQ',
    })
    const sale = await atm.sale({ customerAdminKey: w.customer.adminkey, sats: 84_000, fiatAmount: 50_000, txid: 'field-1' })
    const before = await peer.balanceMsat(w.lp.inkey)
    const round = await call<SyncResult>('sync.run', {})
    expect(round.wallets[0]).toMatchObject({ settlements: 1, error: null })
    const [listed] = (await call<{ items: { id: string; payment_hash: string }[] }>('settlements.list', { limit: 10 })).items
    expect(listed!.payment_hash).toBe(sale.payment_hash)
    const done = await call<SettlementDetail>('settlements.get', { settlement_id: listed!.id })
    expect(done.status).toBe('completed')
    const dca = done.legs.find((l) => l.leg_type === 'dca')!
    expect(dca).toMatchObject({ client_id: lp.id, status: 'completed', amount_fiat: 50_000 })
    expect((await peer.balanceMsat(w.lp.inkey)) - before).toBe(dca.amount_sats * 1000)
    expect(await call('clients.get', { id: lp.id })).toMatchObject({ destination_check: 'verified' })
    expect(await call('clients.balance', { id: lp.id })).toMatchObject({ remaining_fiat: 0 })
  }, 180_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { AtmSimulator } from '../src-main/atm-sim/atm'
import { LnbitsClient } from '../src-main/core/lnbits/client'
// the pinned LNbits, made once
import { ensureLnbitsVenv } from '../scripts/lnbits-venv.mjs'
import { machineArgs } from '../test/support/core'
import { newPubkey } from '../test/support/keys'
import { coreAt, ok } from '../test/support/ledger-fixture'
import { LnbitsPeer } from '../test/support/lnbits'
import { tempDir } from '../test/support/tmp'
import { report } from './support/report'

/**
 * Ingestion rate for 10,000 attested payments in a machine wallet, next to the floor: paging
 * through the same payments with bare LNbits list calls in the same run. LNbits here makes
 * about one payment per second, so the 10,000 are written into its own database while it is
 * halted (copies of a real paid invoice, each with its own hash, amount and signed
 * attestation); everything the app reads still comes through LNbits' API.
 */
const N = 10_000
const PAGE = 100
let peer: LnbitsPeer

beforeAll(async () => {
  ensureLnbitsVenv()
  // LNbits' limiter allows 200 requests a minute by default: the floor and the app read 100 pages each.
  peer = await LnbitsPeer.start({ rateLimitPerMinute: 100_000 })
}, 180_000)

afterAll(async () => {
  await peer?.stop()
})

describe('ingestion benchmark against a real LNbits', () => {
  it(`ingests ${N.toLocaleString('en-US')} attested payments`, async () => {
    const till = await peer.newWallet('till')
    const customer = await peer.newWallet('customer')
    await peer.fund(customer.id, 1_000_000)
    const machineKey = generateSecretKey()
    const operator = newPubkey()
    const atm = new AtmSimulator({
      lnbitsUrl: peer.url,
      machineInvoiceKey: till.inkey,
      machineAdminKey: till.adminkey,
      machineSecretKey: machineKey,
      operatorPubkey: operator.hex,
      fiatCode: 'GTQ',
    })

    const dir = tempDir('satop-bench-ingest-')
    const core = coreAt(dir.path, { ingestion: { pageSize: PAGE } })
    const machine = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(machineKey)) }))
    await ok(core, 'wallets.bind', {
      role: 'machine',
      machine_id: machine.id,
      lnbits_url: peer.url,
      invoice_key: till.inkey,
      admin_key: till.adminkey,
    })

    // One real sale is the template row; N copies follow it, one second apart at most.
    const first = await atm.sale({ customerAdminKey: customer.adminkey, sats: 1_000, fiatAmount: 500, txid: 'bench-0' })
    await peer.halt()
    const lnbitsDb = new BetterSqlite3(peer.databasePath)
    const template = lnbitsDb
      .prepare('SELECT * FROM apipayments WHERE payment_hash = ? AND wallet_id = ?')
      .get(first.payment_hash, till.id) as Record<string, unknown>
    const columns = Object.keys(template)
    const insert = lnbitsDb.prepare(`INSERT INTO apipayments (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
    const t0 = Number(template.time)
    lnbitsDb.transaction(() => {
      for (let i = 1; i <= N; i++) {
        const hash = randomBytes(32).toString('hex')
        const sats = 1_000 + i
        const attestation = atm.attestation(`bench-${i}`, hash, { sats, fiatAmount: 500 + i })
        const time = t0 + i / 100
        insert.run({
          ...template,
          checking_id: hash,
          payment_hash: hash,
          amount: sats * 1000,
          time,
          created_at: time,
          updated_at: time,
          extra: JSON.stringify({ satmachine: attestation }),
        })
      }
    })()
    lnbitsDb.close()
    await peer.launch()

    // Floor: LNbits lists the same payments, page by page, and nothing else happens.
    const client = new LnbitsClient({ url: peer.url, timeoutMs: 60_000 })
    let listed = 0
    let started = performance.now()
    for (let offset = 0; ; offset += PAGE) {
      const page = await client.listPayments(till.inkey, { direction: 'incoming', status: 'success', since: 0, limit: PAGE, offset })
      listed += page.length
      if (page.length < PAGE) break
    }
    const floor = performance.now() - started
    expect(listed).toBe(N + 1)

    // The app: the same pages, each payment's attestation verified, a settlement and an audit row written per payment.
    started = performance.now()
    const round = await ok(core, 'sync.run', { process: false })
    const app = performance.now() - started
    expect(round.wallets[0]).toMatchObject({ settlements: N + 1, rejected: 0, unattributed: 0, error: null })
    // a second round (everything already known) shows the cost of re-reading the look-back window
    started = performance.now()
    const again = await ok(core, 'sync.run', { process: false })
    const reread = performance.now() - started
    expect(again.wallets[0]).toMatchObject({ settlements: 0, duplicates: N + 1 })
    await core.close()
    dir.remove()

    const floorNote = `bare paging of the same LNbits list, ${(floor / 1000).toFixed(1)} s`
    report({
      name: `ingest ${(N + 1).toLocaleString('en-US')} attested payments from LNbits`,
      app_ms: app,
      floor_ms: floor,
      floor: floorNote,
      goal: 1.25,
      note: `${((N + 1) / (app / 1000)).toFixed(0)} payments a second`,
    })
    report({ name: 'the same again, all already known', app_ms: reread, floor_ms: floor, floor: floorNote })
  })
})

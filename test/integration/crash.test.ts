import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import type { Core } from '../../src-main/core/core'
import { LnbitsClient } from '../../src-main/core/lnbits/client'
import type { Client } from '../../src-shared/domain/client'
import { machineArgs } from '../support/core'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { AtmSimulator } from '../../src-main/atm-sim/atm'
import { newPubkey } from '../support/keys'
import { KillProxy, type Cut, type ProxiedCall } from '../support/kill-proxy'
import { coreAt, ok, testClock, onboardedLp } from '../support/ledger-fixture'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { PROJECT_ROOT, tempDir } from '../support/tmp'

// The app's processor runs as a real process (the satop CLI) paying through a real LNbits, and
// is killed with SIGKILL at each step boundary of a payment. After a restart, recovery must
// leave every leg paid exactly once, and the ledger matching LNbits.
let peer: LnbitsPeer
let proxy: KillProxy
let lnbits: LnbitsClient
const base = tempDir('satop-crash-base-')
const cases = tempDir('satop-crash-cases-')
const w: Record<string, TestWallet> = {}
let settlementId = ''
const sales: string[] = []
let tillMachineId = ''
const INGEST_PAGE = 2

beforeAll(async () => {
  // Pages of two over every case's wallets, both sides, make hundreds of calls a minute: the
  // limiter (its own test is in lnbits-client.test.ts) is not what this file checks.
  peer = await LnbitsPeer.start({ rateLimitPerMinute: 10_000 })
  proxy = new KillProxy(peer.url)
  await proxy.start()
  lnbits = new LnbitsClient({ url: peer.url })
  for (const name of ['machine', 'ana', 'beto', 'partner', 'till']) w[name] = await peer.newWallet(name)
  await peer.fund(w.machine!.id, 10_000_000) // enough for every case's settlement

  // One ledger, copied per case: a machine bound through the proxy, two LPs, a split, one sale.
  const core: Core = coreAt(base.path)
  const m = await ok(core, 'machines.create', machineArgs({ operator_cash_out_fee_fraction: '0.05' }))
  await ok(core, 'wallets.bind', {
    role: 'machine',
    machine_id: m.id,
    lnbits_url: proxy.url,
    invoice_key: w.machine!.inkey,
    admin_key: w.machine!.adminkey,
  })
  const lps: Client[] = []
  for (const [name, amount] of [
    ['ana', 60_000],
    ['beto', 40_000],
  ] as const) {
    const lp = await onboardedLp(core, m.id, name, w[name]!.inkey, amount)
    lps.push(lp)
  }
  await ok(core, 'splits.replace', {
    machine_id: m.id,
    legs: [
      { destination: w.partner!.inkey, label: 'Partner', fraction: '0.6' },
      { client_id: lps[0]!.id, fraction: '0.4' },
    ],
  })
  settlementId = (
    await ok(core, 'settlements.record', {
      machine_id: m.id,
      txid: 'crash-1',
      direction: 'cash_out',
      crypto_atoms: 266_800,
      fiat_amount: 150_000,
    })
  ).id

  // A second machine whose wallet (read through the proxy) already holds the ATM's sales: four attested, one not.
  const atmKey = generateSecretKey()
  const m2 = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmKey)) }))
  tillMachineId = m2.id
  await ok(core, 'wallets.bind', {
    role: 'machine',
    machine_id: m2.id,
    lnbits_url: proxy.url,
    invoice_key: w.till!.inkey,
    admin_key: w.till!.adminkey,
  })
  const atm = new AtmSimulator({
    lnbitsUrl: peer.url,
    machineInvoiceKey: w.till!.inkey,
    machineAdminKey: w.till!.adminkey,
    machineSecretKey: atmKey,
    operatorPubkey: newPubkey().hex,
    fiatCode: m2.fiat_code,
  })
  for (let i = 1; i <= 5; i++)
    sales.push(
      (
        await atm.sale({
          customerAdminKey: w.machine!.adminkey,
          sats: 1_000 * i,
          fiatAmount: 500 * i,
          forge: i === 5 ? 'unattested' : 'none',
        })
      ).payment_hash,
    )
  await core.close()
}, 180_000)

afterAll(async () => {
  await proxy?.stop()
  await peer?.stop()
  base.remove()
  cases.remove()
})

/** Runs `satop call <command>` on a ledger; the proxy SIGKILLs it at the trigger. */
function callInChild(
  dataDir: string,
  command: string,
  args: unknown,
  trigger: { match: (c: ProxiedCall) => boolean; cut: Cut },
): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'satop.mjs'), 'call', command, JSON.stringify(args), '--data-dir', dataDir],
      {
        stdio: 'ignore',
        env: { ...process.env, SATOP_INGEST_PAGE_SIZE: String(INGEST_PAGE) },
      },
    )
    let killed = false
    proxy.trigger = {
      ...trigger,
      then: () => {
        killed = true
        child.kill('SIGKILL')
      },
    }
    child.once('exit', (code) => resolve({ killed, code }))
  })
}

// Four money legs: two splits (Partner, Ana) and two DCA legs (Ana, Beto). Cut at the first and the last.
const boundaries: { name: string; kind: 'invoice' | 'pay'; cut: Cut }[] = [
  { name: 'after planning, before the invoice is asked for', kind: 'invoice', cut: 'before' },
  { name: 'after the invoice was made, before the app heard of it', kind: 'invoice', cut: 'answered' },
  { name: 'after the in-flight write, before the pay request left', kind: 'pay', cut: 'before' },
  { name: 'after the pay request reached LNbits', kind: 'pay', cut: 'forwarded' },
  { name: "after LNbits' answer, before the status write", kind: 'pay', cut: 'answered' },
]
const matrix = [0, 3].flatMap((leg) => boundaries.map((b) => ({ ...b, leg })))

describe('SIGKILL at every step boundary, against a real LNbits', () => {
  it.each(matrix)(
    'leg $leg, $name: after restart every leg is paid exactly once',
    async ({ kind, cut, leg }) => {
      const dir = join(cases.path, `${kind}-${cut}-${leg}`)
      mkdirSync(dir)
      for (const f of ['ledger.sqlite', 'data.key']) copyFileSync(join(base.path, f), join(dir, f))
      proxy.resetCounts()
      const run = await callInChild(
        dir,
        'settlements.process',
        { settlement_id: settlementId },
        { match: (c) => c.kind === kind && c.index === leg, cut },
      )
      expect(run.killed).toBe(true)

      // Restart: the settlement is stuck in processing; past the threshold the operator resets and retries.
      const clock = testClock(Date.now())
      const core = coreAt(dir, { clock: clock.now })
      try {
        expect((await ok(core, 'settlements.get', { settlement_id: settlementId })).status).toBe('processing')
        clock.advanceMinutes(31)
        await ok(core, 'settlements.forceReset', { settlement_id: settlementId })
        const done = await ok(core, 'settlements.retry', { settlement_id: settlementId })
        expect(done.status).toBe('completed')
        expect(done.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(266_800)

        // The ledger matches LNbits: one successful payment per money leg, for its amount, none extra.
        const outgoing = (await lnbits.listPayments(w.machine!.adminkey, { limit: 1000 })).filter(
          (p) => p.amount_msat < 0 && p.status === 'success',
        )
        const money = done.legs.filter((l) => l.payment_hash)
        expect(money).toHaveLength(4)
        for (const l of money) {
          const paid = outgoing.filter((p) => (p.extra.satmachine_leg as { leg_id?: string } | undefined)?.leg_id === l.id)
          expect(paid.map((p) => [p.payment_hash, -p.amount_msat])).toEqual([[l.payment_hash, l.amount_sats * 1000]])
        }
      } finally {
        await core.close()
      }
    },
    60_000,
  )
})

// Ingestion killed mid-round: five payments read two per page (three list requests). The next
// page is asked for while one is written, so a kill there lands before or after that write: what
// the ledger holds is whole pages, one of the counts `written` allows.
const ingestBoundaries: { name: string; read: number; cut: Cut; written: number[] }[] = [
  { name: 'before the first page is asked for', read: 0, cut: 'before', written: [0] },
  { name: 'after LNbits answered the first page, before the app had it', read: 0, cut: 'answered', written: [0] },
  { name: 'as the second page is asked for, while the first is written', read: 1, cut: 'before', written: [0, 2] },
  { name: 'as the third page is asked for, while the second is written', read: 2, cut: 'before', written: [2, 4] },
  { name: 'after the last page was answered, before it and the cursor were written', read: 2, cut: 'answered', written: [2, 4] },
]
const tillRows = (dir: string) => {
  const raw = new BetterSqlite3(join(dir, 'ledger.sqlite'), { readonly: true })
  try {
    const one = (sql: string) => (raw.prepare(sql).get(tillMachineId) as { n: number }).n
    return (
      one('SELECT count(*) AS n FROM settlements WHERE machine_id = ?') +
      one('SELECT count(*) AS n FROM unattributed_payments WHERE machine_id = ?')
    )
  } finally {
    raw.close()
  }
}

describe('SIGKILL during ingestion, against a real LNbits', () => {
  it.each(ingestBoundaries)(
    '$name: after restart every payment is in the ledger exactly once',
    async ({ read, cut, written }) => {
      const dir = join(cases.path, `ingest-${read}-${cut}`)
      mkdirSync(dir)
      for (const f of ['ledger.sqlite', 'data.key']) copyFileSync(join(base.path, f), join(dir, f))
      proxy.resetCounts()
      let tillReads = 0
      // the pages of successful payments (a round also asks for the open invoices first)
      const isTillPage = (c: ProxiedCall) =>
        c.kind === 'read' && c.path.startsWith('/api/v1/payments?') && c.path.includes('status=success') && c.apiKey === w.till!.inkey
      const run = await callInChild(dir, 'sync.run', { process: false }, { match: (c) => isTillPage(c) && tillReads++ === read, cut })
      expect(run.killed).toBe(true)
      expect(written).toContain(tillRows(dir)) // the kill landed where this case says: whole pages only

      const core = coreAt(dir, { ingestion: { pageSize: INGEST_PAGE } })
      try {
        const round = await ok(core, 'sync.run', { process: false })
        expect(round.wallets.find((x) => x.error)).toBeUndefined()
        const raw = new BetterSqlite3(join(dir, 'ledger.sqlite'), { readonly: true })
        // (the first machine's wallet is read too: its test funding is an unattributed payment of its own)
        const settled = raw
          .prepare(
            "SELECT payment_hash, count(*) AS n FROM settlements WHERE source = 'lnbits' AND machine_id = ? GROUP BY payment_hash ORDER BY payment_hash",
          )
          .all(tillMachineId)
        const waiting = raw.prepare('SELECT payment_hash FROM unattributed_payments WHERE machine_id = ?').all(tillMachineId)
        raw.close()
        expect(settled).toEqual(
          sales
            .slice(0, 4)
            .sort()
            .map((payment_hash) => ({ payment_hash, n: 1 })),
        )
        expect(waiting).toEqual([{ payment_hash: sales[4] }])
        // and one more round adds nothing
        expect(
          (await ok(core, 'sync.run', { process: false })).wallets.reduce((a, x) => a + x.settlements + x.rejected + x.unattributed, 0),
        ).toBe(0)
      } finally {
        await core.close()
      }
    },
    60_000,
  )
})

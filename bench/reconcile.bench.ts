import { afterAll, beforeAll, describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { newId } from '../src-main/core/new-id'
import type { ReconcileReport } from '../src-shared/domain/reconcile'
import { commandRunner, type CoreServices } from '../src-main/core/commands/run'
import { openCore } from '../src-main/core/core'
import { openLedger } from '../src-main/core/ledger/open'
import { dataKeyOf } from '../test/support/data-key'
import { silentLogger } from '../test/support/core'
import { tempDir } from '../test/support/tmp'
import { median, memoryNote, report, time, timeAsync, withMemoryPeak, type MemoryUse } from './support/report'
import { seedLedger } from './support/seed-ledger'
import { walletHistory } from './support/wallet-history'

/** The app's own checks over a ledger of 1,000,000 legs, next to a bare aggregate query over the same tables. */
const LEGS = 1_000_000
const T = '2026-01-01T00:00:00.000Z'

describe('reconciliation benchmarks', () => {
  const dir = tempDir('satop-bench-')
  const path = join(dir.path, 'ledger.sqlite')
  let seeded: ReturnType<typeof seedLedger>

  /** One aggregate query over the settlements and their legs, read whole: what any check of them must at least read. */
  const floor = (columns: string, where: string) => {
    const raw = new BetterSqlite3(path, { readonly: true })
    const [rows, ms] = time(
      () =>
        raw
          .prepare(
            `SELECT s.id, ${columns}, count(*) AS legs, sum(l.amount_sats) AS sats
             FROM settlements s JOIN legs l ON l.settlement_id = s.id AND l.status <> 'voided' WHERE ${where} GROUP BY s.id`,
          )
          .all().length,
    )
    raw.close()
    if (rows !== seeded.settlements) throw new Error(`the floor read ${rows} settlements of ${seeded.settlements}`)
    return ms
  }

  beforeAll(async () => {
    await openCore({ dataDir: dir.path, logger: silentLogger }).close()
    seeded = seedLedger(path, LEGS)
  })
  afterAll(() => dir.remove())

  it(`verify commissions over ${LEGS.toLocaleString('en-US')} legs`, async () => {
    const core = openCore({ dataDir: dir.path, logger: silentLogger })
    const { settlements, legs } = seeded
    // The median of three, each run right after its floor: one run of either varied by half on this machine.
    const app: number[] = []
    const floors: number[] = []
    let peak: MemoryUse | undefined
    for (let k = 0; k < 3; k++) {
      floors.push(
        floor(
          's.base_sats, s.commission_sats, s.plan_inputs_json, sum(l.amount_fiat) AS fiat',
          `s.base_sats IS NOT NULL AND s.status IN ('processing', 'completed', 'errored')`,
        ),
      )
      const [[result, ms], memory] = await withMemoryPeak(() =>
        timeAsync(async () => {
          const r = await core.call('reconcile.verifyCommissions', {}, { actor: 'bench' })
          if (!r.ok) throw new Error(r.error.message)
          return r.result as { checked: number; matching: number; balances: { differences: unknown[] } }
        }),
      )
      if (result.checked !== settlements || result.matching !== settlements || result.balances.differences.length !== 0)
        throw new Error(`verification found ${JSON.stringify(result).slice(0, 300)}`)
      app.push(ms)
      if (!peak || memory.peakHeap > peak.peakHeap) peak = memory
    }
    report({
      name: `reconcile.verifyCommissions, ${legs.toLocaleString('en-US')} legs (${settlements.toLocaleString('en-US')} settlements, median of 3)`,
      app_ms: median(app),
      floor_ms: median(floors),
      floor: 'one aggregate query over the same settlements and legs',
      goal: 3,
      note: `the highest of the three: ${memoryNote(peak!)}`,
    })
    await core.close()
  })

  it(`reconcile the machine wallet against its LNbits history, ${LEGS.toLocaleString('en-US')} legs`, async () => {
    const secrets = await dataKeyOf(dir.path)
    const ledger = openLedger({ dataDir: dir.path, now: () => T })
    ledger.raw
      .prepare(
        `INSERT INTO wallet_bindings (id, role, machine_id, label, lnbits_url, lnbits_wallet_id, invoice_key_enc, created_at, updated_at)
         VALUES (?, 'machine', ?, 'Bench', 'http://lnbits.bench', 'bench-wallet', ?, ?, ?)`,
      )
      .run(uuidv7(), seeded.machineId, secrets.seal('bench-invoice-key'), T, T)
    const payments = seeded.settlements + seeded.legs
    // The median of three, each run right after its floor: a slower minute of this machine slows both alike.
    const app: number[] = []
    const floors: number[] = []
    const served: number[] = []
    let peak: MemoryUse | undefined
    for (let k = 0; k < 3; k++) {
      // Floor: what the reconciliation reads of the ledger (each leg's amount and hash, each sale's hash), in one aggregate.
      floors.push(floor('s.payment_hash, max(l.payment_hash) AS hash', `s.machine_id = '${seeded.machineId}'`))
      const history = walletHistory(path, seeded.machineId)
      const services = {
        now: () => T,
        newId,
        logger: silentLogger,
        secrets,
        lnbits: () => history.client,
      } as unknown as CoreServices
      const run = commandRunner(ledger.db, services, () => {})
      const [[result, ms], memory] = await withMemoryPeak(() =>
        timeAsync(async () => (await run('reconcile.run', {}, { actor: 'bench' })) as ReconcileReport),
      )
      history.close()
      const wallet = result.wallets[0]!
      if (!result.ok || wallet.payments_read !== payments || wallet.legs_checked !== seeded.legs || wallet.findings.length !== 0)
        throw new Error(`reconciliation found ${JSON.stringify(wallet).slice(0, 400)}`)
      app.push(ms - history.servedMs)
      served.push(history.servedMs)
      if (!peak || memory.peakHeap > peak.peakHeap) peak = memory
    }
    report({
      name: `reconcile.run, 1 wallet: ${payments.toLocaleString('en-US')} LNbits payments against ${seeded.legs.toLocaleString('en-US')} legs (median of 3)`,
      app_ms: median(app),
      floor_ms: median(floors),
      floor: "one aggregate query over the machine's settlements and legs (amounts and hashes)",
      goal: 3,
      note: `LNbits' history served in-process (${Math.round(median(served))} ms of serving left out of the app's figure); the highest of the three: ${memoryNote(peak!)}`,
    })
    await ledger.close()
  })
})

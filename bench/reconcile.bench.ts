import { describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { openCore } from '../src-main/core/core'
import { silentLogger } from '../test/support/core'
import { tempDir } from '../test/support/tmp'
import { memoryNote, report, time, timeAsync, withMemoryPeak } from './support/report'
import { seedLedger } from './support/seed-ledger'

/** The app's own checks over a ledger of 1,000,000 legs, next to a bare aggregate query over the same tables. */
const LEGS = 1_000_000

describe('reconciliation benchmarks', () => {
  it(`verify commissions over ${LEGS.toLocaleString('en-US')} legs`, async () => {
    const dir = tempDir('satop-bench-')
    await openCore({ dataDir: dir.path, logger: silentLogger }).close()
    const path = join(dir.path, 'ledger.sqlite')
    const { settlements, legs } = seedLedger(path, LEGS)

    // Floor: one aggregate over the same settlements and legs, read whole.
    const raw = new BetterSqlite3(path, { readonly: true })
    const [rows, floorMs] = time(
      () =>
        raw
          .prepare(
            `SELECT s.id, s.base_sats, s.commission_sats, s.plan_inputs_json, count(*) AS legs, sum(l.amount_sats) AS sats, sum(l.amount_fiat) AS fiat
             FROM settlements s JOIN legs l ON l.settlement_id = s.id AND l.status <> 'voided'
             WHERE s.base_sats IS NOT NULL AND s.status IN ('processing', 'completed', 'errored')
             GROUP BY s.id`,
          )
          .all().length,
    )
    raw.close()
    if (rows !== settlements) throw new Error(`the floor read ${rows} settlements of ${settlements}`)

    const core = openCore({ dataDir: dir.path, logger: silentLogger })
    const [[result, ms], peak] = await withMemoryPeak(() =>
      timeAsync(async () => {
        const r = await core.call('reconcile.verifyCommissions', {}, { actor: 'bench' })
        if (!r.ok) throw new Error(r.error.message)
        return r.result as { checked: number; matching: number; balances: { differences: unknown[] } }
      }),
    )
    if (result.checked !== settlements || result.matching !== settlements || result.balances.differences.length !== 0)
      throw new Error(`verification found ${JSON.stringify(result).slice(0, 300)}`)
    report({
      name: `reconcile.verifyCommissions, ${legs.toLocaleString('en-US')} legs (${settlements.toLocaleString('en-US')} settlements)`,
      app_ms: ms,
      floor_ms: floorMs,
      floor: 'one aggregate query over the same settlements and legs',
      goal: 3,
      note: memoryNote(peak),
    })
    await core.close()
    dir.remove()
  })
})

/// <reference lib="dom" />
import { afterAll, describe, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { openCore } from '../src-main/core/core'
import { closeE2eApp, openE2eApp, type E2eApp } from '../test/support/browser'
import { silentLogger } from '../test/support/core'
import { tempDir } from '../test/support/tmp'
import { report, time } from './support/report'
import { seedLedger } from './support/seed-ledger'

/**
 * The renderer (Debian's Chromium through the bridge, as the e2e tests run it) opening a ledger of
 * 1,000,000 legs: the first page of settlements with its totals, and a filtered page opened from
 * its address. The floor: the same page and totals as bare queries on the ledger. The DOM must
 * stay bounded: a page that renders more than 100 rows fails the run.
 */
const LEGS = 1_000_000
const dir = tempDir('satop-bench-ui-')
let app: E2eApp | undefined
const pageErrors: string[] = []

afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

/** The page's rows once they are there, and how long they took; more than 100 in the DOM is a failure. */
async function timedPage(a: E2eApp, open: () => Promise<unknown>, totals: RegExp): Promise<number> {
  const t0 = performance.now()
  await open()
  const rows = a.page.locator('[data-test="settlements-table"] tbody tr')
  await rows.first().waitFor({ timeout: 60_000 })
  await a.page.locator('[data-test="settlement-totals"]').getByText(totals).waitFor({ timeout: 60_000 })
  const ms = performance.now() - t0
  const n = await rows.count()
  if (n > 100) throw new Error(`${n} rows in the DOM: the page is not bounded`)
  return ms
}

/** The same page and its totals, as bare queries. */
function barePage(path: string, where: string): number {
  const db = new BetterSqlite3(path, { readonly: true })
  const [, ms] = time(() => {
    db.prepare(`SELECT * FROM settlements ${where} ORDER BY id DESC LIMIT 50`).all()
    db.prepare(`SELECT count(*), sum(crypto_atoms), sum(fiat_amount) FROM settlements ${where}`).get()
  })
  db.close()
  return ms
}

describe(`the settlements page over ${LEGS.toLocaleString('en-US')} legs`, () => {
  it('opens the first page and a filtered page, with their totals, the DOM bounded', async () => {
    await openCore({ dataDir: dir.path, logger: silentLogger }).close()
    const path = join(dir.path, 'ledger.sqlite')
    const { settlements, legs } = seedLedger(path, LEGS)
    const all = settlements.toLocaleString('en-US')
    const errored = Math.floor(settlements / 5).toLocaleString('en-US')
    const [, opened] = await (async () => {
      const t0 = performance.now()
      app = await openE2eApp(dir.path, pageErrors)
      return [app, performance.now() - t0] as const
    })()
    const first = await timedPage(
      app!,
      () => app!.page.locator('[data-test="nav-settlements"]').click(),
      new RegExp(`(^|\\s)${all} settlements`),
    )
    const filtered = await timedPage(
      app!,
      () => app!.page.goto(`${app!.server.url}#/settlements?status=errored`),
      new RegExp(`(^|\\s)${errored} settlements`),
    )
    if (pageErrors.length > 0) throw new Error(`the page reported errors: ${pageErrors.join('; ')}`)
    const of = `${legs.toLocaleString('en-US')} legs, ${all} settlements`
    report({
      name: `first page of settlements with totals (${of})`,
      app_ms: first,
      floor_ms: barePage(path, ''),
      floor: 'the same page and totals as bare queries; at most 100 rows in the DOM',
      note: `the app and its window opened in ${(opened / 1000).toFixed(1)} s before it`,
    })
    report({
      name: `a filtered page opened from its address (errored: ${errored})`,
      app_ms: filtered,
      floor_ms: barePage(path, "WHERE status = 'errored'"),
      floor: 'the same page and totals as bare queries; at most 100 rows in the DOM',
    })
  })
})

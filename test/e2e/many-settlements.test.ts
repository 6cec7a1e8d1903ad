/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { openE2eApp, screenshotIfFailed, closeE2eApp, ARTIFACTS, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// 100,000 settlements: the list shows a bounded page of them, a search finds one among them, and
// the totals add up what the filter takes. Times are printed, not asserted.
const COUNT = 100_000
const dir = tempDir('satop-e2e-many-')
let app: E2eApp | undefined
const pageErrors: string[] = []

beforeAll(async () => {
  const created = await satop(['call', 'machines.create', JSON.stringify(machineArgs({ name: 'Plaza' })), '--data-dir', dir.path])
  const machineId = (created.json as { id: string }).id
  // the ledger as the app left it, filled in one transaction (the CLI would take hours for this many)
  const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
  const insert = db.prepare(
    `INSERT INTO settlements (id, machine_id, source, txid, payment_hash, direction, crypto_atoms, fiat_amount, fiat_code,
       super_fee_parts, operator_fee_parts, discount_bps, held_sats, status, created_at, updated_at)
     VALUES (?, ?, 'manual', ?, NULL, ?, ?, ?, 'GTQ', 0, 300, 0, 0, 'completed', ?, ?)`,
  )
  const start = Date.parse('2026-01-01T00:00:00Z')
  db.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      const at = new Date(start + i * 60_000).toISOString()
      insert.run(uuidv7(), machineId, `plaza-${String(i).padStart(6, '0')}`, i % 5 === 0 ? 'cash_in' : 'cash_out', 10_000, 1_000, at, at)
    }
  })()
  db.close()
  app = await openE2eApp(dir.path, pageErrors)
}, 180_000)
afterEach((ctx) => screenshotIfFailed(app?.page, 'many-settlements', ctx))
afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

describe(`${COUNT.toLocaleString('en-US')} settlements`, () => {
  it('shows a bounded page, finds one by its transaction, and adds up what the filter takes', async () => {
    const { page } = app!
    let t0 = Date.now()
    await page.locator('[data-test="nav-settlements"]').click()
    const rows = page.locator('[data-test="settlements-table"] tbody tr')
    await rows.first().waitFor()
    const firstPage = Date.now() - t0
    await page.locator('[data-test="settlement-totals"]').getByText('100,000 settlements').waitFor()
    expect(await rows.count()).toBeLessThanOrEqual(100)
    expect(await page.locator('[data-test="settlement-totals"]').innerText()).toMatch(
      /100,000 settlements · 1,000,000,000 sats · Q\s?1,000,000\.00/,
    )

    t0 = Date.now()
    await page.locator('input[data-test="settlements-search"]').fill('plaza-054321')
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1)
    const searched = Date.now() - t0
    expect(await rows.first().innerText()).toContain('plaza-054321')
    await page.locator('[data-test="settlement-totals"]').getByText('one settlement').waitFor()
    // the filter is in the address
    expect(page.url()).toContain('q=plaza-054321')

    t0 = Date.now()
    await page.locator('input[data-test="settlements-search"]').fill('')
    await page.locator('[data-test="settlements-direction"]').click()
    await page.getByRole('option', { name: 'Cash-in' }).click()
    await page.locator('[data-test="settlement-totals"]').getByText('20,000 settlements').waitFor({ timeout: 15_000 })
    const byDirection = Date.now() - t0
    expect(await rows.count()).toBeLessThanOrEqual(100)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-many-settlements.png') })
    console.info(
      `${COUNT} settlements: first page ${firstPage} ms; a search by txid ${searched} ms; cash-ins only (20,000, with totals) ${byDirection} ms; rows in the DOM ≤ 100`,
    )
    expect(pageErrors).toEqual([])
  }, 120_000)
})

/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Page } from 'playwright-core'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import { uiWords } from '../support/words'

// The Payments page in Spanish and in English: legs of two machines' settlements, found by an
// LP's name, by machine, type, status and period, the count and sats of what is shown, and the
// filter kept in the address. The legs are written as the settlement engine writes them.
describe.each(['es', 'en'] as const)('payments, in %s', (language) => {
  const w = uiWords(language)
  const locale = language === 'es' ? 'es-GT' : 'en-US'
  const group = (n: number) => new Intl.NumberFormat(locale).format(n)
  const dir = tempDir(`satop-e2e-payments-${language}-`)
  let app: E2eApp | undefined
  let page: Page
  let north = ''
  const pageErrors: string[] = []
  const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)
  const rows = () => page.locator('[data-test="payments-table"] tbody tr')
  const totals = () => page.locator('[data-test="payment-totals"]')
  const shown = (n: number, sats: number) =>
    w('payments.sums', { count: w('payments.totals', { n: group(n) }, n), sats: w('common.units.sats', { n: group(sats) }) })

  beforeAll(async () => {
    await cli('settings.update', { language })
    north = (await cli<{ id: string }>('machines.create', machineArgs({ name: 'Norte' }))).id
    const south = (await cli<{ id: string }>('machines.create', machineArgs({ name: 'Sur' }))).id
    const ana = await cli<{ id: string }>('clients.create', { machine_id: north, name: 'Ana López', payout_destination: 'ana@example.com' })
    const s1 = await cli<{ id: string }>('settlements.record', {
      machine_id: north,
      txid: 'n-1',
      direction: 'cash_out',
      crypto_atoms: 100_000,
      fiat_amount: 1_000,
    })
    const s2 = await cli<{ id: string }>('settlements.record', {
      machine_id: south,
      txid: 's-1',
      direction: 'cash_out',
      crypto_atoms: 50_000,
      fiat_amount: 500,
    })
    const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    const insert = db.prepare(
      `INSERT INTO legs (id, settlement_id, position, leg_type, client_id, target, target_kind, target_label, amount_sats,
         amount_fiat, fiat_code, status, attempts, error, created_at, updated_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, 'lightning_address', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
    )
    const leg = (
      settlement: string,
      position: number,
      type: string,
      client: string | null,
      label: string,
      sats: number,
      status: string,
      at: string,
    ) =>
      insert.run(
        uuidv7(),
        settlement,
        position,
        type,
        client,
        `${label.split(' ')[0]!.toLowerCase()}@example.com`,
        label,
        sats,
        client ? 900 : null, // an LP's payout carries the fiat it stands for
        client ? 'GTQ' : null,
        status,
        status === 'failed' ? 'no route' : null,
        at,
        at,
        status === 'completed' ? at : null,
      )
    db.transaction(() => {
      leg(s1.id, 0, 'super_fee', null, 'Platform', 1_000, 'completed', '2026-03-01T15:00:00.000Z')
      leg(s1.id, 1, 'dca', ana.id, 'Ana López', 90_000, 'completed', '2026-03-01T15:00:00.000Z')
      leg(s1.id, 2, 'operator_principal', null, 'Operator', 9_000, 'failed', '2026-03-01T15:00:00.000Z')
      leg(s2.id, 0, 'super_fee', null, 'Platform', 500, 'completed', '2026-04-10T15:00:00.000Z')
      leg(s2.id, 1, 'operator_principal', null, 'Operator', 49_500, 'completed', '2026-04-10T15:00:00.000Z')
    })()
    db.close()
    app = await openE2eApp(dir.path, pageErrors)
    page = app.page
  }, 90_000)
  afterEach((ctx) => screenshotIfFailed(app?.page, `payments-${language}`, ctx))
  afterAll(async () => {
    await closeE2eApp(app ?? {})
    dir.remove()
  })

  it('lists every leg with its count and sats', async () => {
    await page.locator('[data-test="nav-payments"]').click()
    await totals().getByText(shown(5, 150_000)).waitFor()
    expect(await rows().count()).toBe(5)
    // the menu marks the section shown
    expect(await page.locator('[data-test="nav-payments"]').getAttribute('class')).toContain('nav-active')
    expect(await page.locator('[data-test="nav-machines"]').getAttribute('class')).not.toContain('nav-active')
    const table = await page.locator('[data-test="payments-table"] tbody').innerText()
    for (const type of ['super_fee', 'dca', 'operator_principal']) expect(table).toContain(w(`common.legType.${type}`))
    expect(await wcagViolations(page)).toEqual([])
  })

  it("finds an LP's payouts by name, and keeps the search in the address", async () => {
    await page.locator('input[data-test="payments-search"]').fill('ana')
    await totals().getByText(shown(1, 90_000)).waitFor()
    expect(await rows().first().innerText()).toContain('Ana López')
    expect(page.url()).toContain('q=ana')
    await page.reload()
    await totals().getByText(shown(1, 90_000)).waitFor()
    expect(await page.locator('input[data-test="payments-search"]').inputValue()).toBe('ana')
    await page.locator('[data-test="payments-clear"]').click()
    await totals().getByText(shown(5, 150_000)).waitFor()
  })

  it('filters by machine, type, status and period', async () => {
    await page.locator('[data-test="payments-machine"]').click()
    await page.getByRole('option', { name: 'Norte' }).click()
    await totals().getByText(shown(3, 100_000)).waitFor()
    expect(page.url()).toContain(`machine=${north}`)
    await page.locator('[data-test="payment-type-filter"]').click()
    await page.getByRole('option', { name: w('common.legType.operator_principal') }).click()
    await totals().getByText(shown(1, 9_000)).waitFor()
    expect(await rows().first().innerText()).toContain('no route')
    await page.locator('[data-test="payments-clear"]').click()
    await page.locator('[data-test="payments-status"]').click()
    await page.getByRole('option', { name: w('common.status.failed') }).click()
    await totals().getByText(shown(1, 9_000)).waitFor()
    expect(page.url()).toContain('status=failed')
    await page.locator('[data-test="payments-clear"]').click()
    await totals().getByText(shown(5, 150_000)).waitFor()

    await page.locator('input[data-test="payments-from"]').fill('2026-04-01')
    await totals().getByText(shown(2, 50_000)).waitFor()
    await page.locator('input[data-test="payments-to"]').fill('2026-04-09')
    await totals().getByText(shown(0, 0)).waitFor()
    await page.locator('[data-test="payments-empty"]').waitFor()
    await page.locator('input[data-test="payments-to"]').fill('2026-04-10') // the day itself is in
    await totals().getByText(shown(2, 50_000)).waitFor()
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, `e2e-payments-${language}.png`) })
    expect(await wcagViolations(page)).toEqual([])
    expect(pageErrors).toEqual([])
  })
})

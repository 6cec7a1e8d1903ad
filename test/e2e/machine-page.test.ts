/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import { uiWords } from '../support/words'

// One machine's page, the same flow in Spanish and in English, asserted in the UI's own words: its
// fees against the platform's, an edit with the fee cap's sum shown as it is typed, each tab, and
// deactivating and reactivating it.
describe.each(['es', 'en'] as const)('the machine page, in %s', (language) => {
  const w = uiWords(language)
  const locale = language === 'es' ? 'es-GT' : 'en-US'
  const pct = (fraction: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(fraction)
  const dir = tempDir(`satop-e2e-machine-${language}-`)
  let app: E2eApp | undefined
  let page: Page
  let machineId = ''
  const pageErrors: string[] = []
  const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)
  const tab = async (name: string) => {
    await page.locator(`[data-test="tab-${name}"]`).click()
    await animationsSettled(page)
  }

  beforeAll(async () => {
    await cli('settings.update', { language })
    // the platform's fee, as a platform's signed config would have set it: 2 % in, 1 % out
    const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    db.prepare('UPDATE super_config SET super_cash_in_fee_parts = 200, super_cash_out_fee_parts = 100').run()
    db.close()
    machineId = (await cli<{ id: string }>('machines.create', machineArgs({ name: 'Cajero Norte' }))).id
    const lp = await cli<{ id: string }>('clients.create', {
      machine_id: machineId,
      name: 'Ana López',
      payout_destination: 'ana@example.com',
    })
    await cli('settlements.record', {
      machine_id: machineId,
      txid: 'norte-1',
      direction: 'cash_out',
      crypto_atoms: 266_800,
      fiat_amount: 20_000,
    })
    expect(lp.id).toBeTruthy()
    app = await openE2eApp(dir.path, pageErrors)
    page = app.page
  }, 90_000)
  afterEach((ctx) => screenshotIfFailed(app?.page, `machine-page-${language}`, ctx))
  afterAll(async () => {
    await closeE2eApp(app ?? {})
    dir.remove()
  })

  it('opens from the list and shows platform + operator = total in each direction', async () => {
    await page.locator('[data-test="nav-machines"]').click()
    await page.locator('[data-test="machines-table"] tbody tr', { hasText: 'Cajero Norte' }).click()
    await page.waitForURL(new RegExp(`#/machines/${machineId}`))
    await page.locator('[data-test="machine-name"]').getByText('Cajero Norte').waitFor()
    const cashIn = page.locator('[data-test="machine-fees-cash_in"]')
    await cashIn.waitFor()
    expect((await cashIn.innerText()).split(/\t|\n/).map((s) => s.trim())).toEqual([
      w('common.direction.cash_in'),
      pct(0.02),
      pct(0.03),
      pct(0.05),
    ])
    expect(await page.locator('[data-test="machine-fees-cash_out"]').innerText()).toContain(pct(0.045))
    // the menu still says where this page belongs
    expect(await page.locator('[data-test="nav-machines"]').getAttribute('class')).toContain('nav-active')
  })

  it('shows its LPs, its settlements, its cassettes, the fee config it was sent and its wallet', async () => {
    await page.locator('[data-test="machine-lps"] tbody tr', { hasText: 'Ana López' }).waitFor()
    await tab('settlements')
    await page.locator('[data-test="machine-settlements"] tbody tr', { hasText: 'norte-1' }).waitFor()
    await tab('cassettes')
    await page.locator('[data-test="machine-cassettes-empty"]').getByText(w('cassettes.waiting.title')).waitFor()
    await tab('delivery')
    // queued when the machine was added; no relay here, so it waits
    await page.locator('[data-test="delivery-state"][data-state="waiting"]').getByText(w('machines.delivery.state.waiting')).waitFor()
    await page.locator('[data-test="delivery-no-relays"]').waitFor()
    expect(await page.locator('[data-test="delivery-fees-cash_out"]').innerText()).toContain(pct(0.035))
    await tab('wallet')
    await page.locator('[data-test="machine-wallet-empty"]').getByText(w('machines.wallet.none.title')).waitFor()
    expect(page.url()).toContain('tab=wallet') // the tab is in the address
    expect(await wcagViolations(page)).toEqual([])
  })

  it("edits the fees with the cap's sum shown as they are typed, and the ATM is sent the new ones", async () => {
    await page.locator('[data-test="edit-machine"]').click()
    const fee = page.locator('input[data-test="field-fee-in"]')
    expect(await fee.inputValue()).toBe('3')
    const preview = page.locator('[data-test="form-preview"]')
    const params = (operator: number, total: number) => ({
      direction: w('common.direction.cash_in'),
      platform: pct(0.02),
      operator: pct(operator),
      total: pct(total),
      cap: pct(0.15),
      max: pct(0.13),
    })
    await fee.fill('14')
    await preview.getByText(w('machines.cap.over', params(0.14, 0.16))).waitFor()
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, `e2e-machine-cap-${language}.png`) })
    await fee.fill('12.5')
    await preview.getByText(w('machines.cap.line', params(0.125, 0.145))).waitFor()
    expect(await wcagViolations(page)).toEqual([])
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="machine-form"]').waitFor({ state: 'detached' })
    await page.getByText(w('machines.page.saved')).waitFor()
    await expect.poll(() => page.locator('[data-test="machine-fees-cash_in"]').innerText()).toContain(pct(0.145))
    expect(await cli('machines.get', { id: machineId })).toMatchObject({ operator_cash_in_fee_fraction: '0.1250' })
    await tab('delivery')
    await expect.poll(() => page.locator('[data-test="delivery-fees-cash_in"]').innerText()).toContain(pct(0.125))
  })

  it('is deactivated after a question, and reactivated', async () => {
    await page.locator('[data-test="deactivate-machine"]').click()
    await page.getByText(w('machines.page.deactivateText')).waitFor()
    await animationsSettled(page)
    expect(await wcagViolations(page)).toEqual([])
    await page
      .locator('.q-dialog')
      .getByRole('button', { name: w('machines.page.deactivate') })
      .click()
    await page.locator('[data-test="machine-status"]').getByText(w('common.status.inactive')).waitFor()
    expect(await cli('machines.get', { id: machineId })).toMatchObject({ is_active: false })
    await page.locator('[data-test="reactivate-machine"]').click()
    await page.locator('[data-test="machine-status"]').getByText(w('common.status.active')).waitFor()
    expect(await cli('machines.get', { id: machineId })).toMatchObject({ is_active: true })
  })

  it('follows a write by the CLI, and stays readable in dark mode', async () => {
    await cli('machines.update', { id: machineId, name: 'Cajero Norte 2' })
    await page.locator('[data-test="machine-name"]').getByText('Cajero Norte 2').waitFor({ timeout: 10_000 })
    await tab('lps')
    await page.locator('[data-test="toggle-dark"]').click()
    await page.locator('body.body--dark').waitFor()
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, `e2e-machine-page-${language}-dark.png`), fullPage: true })
    for (const name of ['lps', 'settlements', 'cassettes', 'delivery', 'wallet']) {
      await tab(name)
      expect(await wcagViolations(page)).toEqual([])
    }
    await page.locator('[data-test="toggle-dark"]').click()
    expect(pageErrors).toEqual([])
  })
})

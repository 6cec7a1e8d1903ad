/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { newPubkey } from '../support/keys'
import { tempDir } from '../support/tmp'
import { uiWords } from '../support/words'

// The operator's first day, through the screens, in Spanish and in English, asserted in the UI's
// own words: a machine, an LP, a deposit recorded and confirmed, a commission split, a sale
// recorded with its legs, and the LP's statement. (The flows with LNbits and the relays, and the
// Payments and machine pages, have their own files.)
describe.each(['es', 'en'] as const)('the main flows, in %s', (language) => {
  const w = uiWords(language)
  const locale = language === 'es' ? 'es-GT' : 'en-US'
  const money = (minor: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'GTQ', currencyDisplay: 'narrowSymbol' }).format(minor / 100)
  const dir = tempDir(`satop-e2e-flows-${language}-`)
  let app: E2eApp | undefined
  let page: Page
  const pageErrors: string[] = []
  const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)
  const field = (name: string) => page.locator(`[data-test="field-${name}"]`)
  const go = (name: string) => page.locator(`[data-test="nav-${name}"]`).click()
  const submit = async (form: string) => {
    await page.locator('[data-test="submit"]').click()
    await page.locator(`[data-test="${form}"]`).waitFor({ state: 'detached' })
  }
  const shot = async (name: string) => {
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, `flow-${language}-${name}.png`) })
    expect(await wcagViolations(page)).toEqual([])
  }

  beforeAll(async () => {
    await cli('settings.update', { language })
    app = await openE2eApp(dir.path, pageErrors)
    page = app.page
  }, 90_000)
  afterEach((ctx) => screenshotIfFailed(app?.page, `flows-${language}`, ctx))
  afterAll(async () => {
    await closeE2eApp(app ?? {})
    dir.remove()
  })

  it('adds a machine', async () => {
    await go('machines')
    await page.locator('[data-test="machines-empty"]').getByText(w('machines.empty.title')).waitFor()
    await page.locator('[data-test="add-machine"]').click()
    await field('name').fill('Cajero Sur')
    await field('npub').fill(newPubkey().npub)
    await field('fiat').fill('gtq')
    await field('fee-in').fill('3')
    await field('fee-out').fill('3.5')
    await submit('machine-form')
    await page.getByText(w('machines.added', { name: 'Cajero Sur' })).waitFor()
    const row = page.locator('[data-test="machines-table"] tbody tr', { hasText: 'Cajero Sur' })
    expect(await row.innerText()).toContain(w('common.status.active'))
    await shot('machines')
  })

  it('adds an LP to it', async () => {
    await go('lps')
    await page.locator('[data-test="add-lp"]').click()
    await field('name').fill('Ana López')
    await field('destination').fill('ana@example.com')
    await submit('lp-form')
    await page.locator('[data-test="lps-table"] tbody tr', { hasText: 'Ana López' }).waitFor()
    await shot('lps')
  })

  it('records a deposit typed as people write it, and confirms it', async () => {
    await go('deposits')
    await page.locator('[data-test="add-deposit"]').click()
    await field('lp').click()
    await page.getByRole('option', { name: /Ana López/ }).click()
    await field('amount').fill('Q1,250.50')
    await submit('deposit-form')
    const row = page.locator('[data-test="deposits-table"] tbody tr', { hasText: 'Ana López' })
    await expect.poll(() => row.innerText()).toContain(money(125_050))
    expect(await row.innerText()).toContain(w('common.status.pending'))
    await row.locator('[data-test^="confirm-"]').click()
    await expect.poll(() => row.innerText()).toContain(w('common.status.confirmed'))
    await shot('deposits')
  })

  it('saves a commission split only when its shares make 100 %', async () => {
    await go('splits')
    await page.locator('[data-test="edit-splits"]').click()
    await page.locator('[data-test="split-label-0"]').fill('Socio')
    await page.locator('[data-test="split-destination-0"]').fill('socio@example.com')
    await page.locator('[data-test="split-fraction-0"]').fill('60')
    const hundred = new Intl.NumberFormat(locale, { style: 'percent' }).format(1)
    const sixty = new Intl.NumberFormat(locale, { style: 'percent' }).format(0.6)
    await page
      .locator('[data-test="split-sum"]')
      .getByText(w('splits.sumBad', { sum: sixty, total: hundred }))
      .waitFor()
    expect(await page.locator('[data-test="save-splits"]').isDisabled()).toBe(true)
    await page.locator('[data-test="split-fraction-0"]').fill('100')
    await page.locator('[data-test="save-splits"]').click()
    await page.getByText(w('splits.saved')).waitFor()
    await page.getByRole('cell', { name: 'Socio', exact: true }).waitFor()
    await shot('splits')
  })

  it('records a sale and shows the legs it will pay, adding up to the sats in', async () => {
    await go('settlements')
    await page.locator('[data-test="record-settlement"]').click()
    await field('txid').fill('sur-1')
    await field('sats').fill('266800')
    await field('fiat').fill('1,500')
    await submit('settlement-form')
    await page.locator('[data-test="settlement-detail"]').waitFor()
    await expect.poll(() => page.locator('[data-test="legs-total"]').innerText()).toBe(w('common.units.sats', { n: '266,800' }))
    const legs = (await page.locator('[data-test="legs-table"] tbody tr').allInnerTexts()).join('\n')
    expect(legs).toContain(w('common.legType.dca'))
    expect(legs).toContain(w('common.legType.operator_split'))
    // the engine's own payees in the language in use, never an internal name
    expect(legs).toContain(w('common.legPayee.operator_principal'))
    expect(legs).toContain(w('common.legPayee.machineWallet'))
    expect(legs).not.toContain('machine_wallet')
    await shot('settlement')
    await page.keyboard.press('Escape')
  })

  it("shows the LP's statement with the confirmed deposit", async () => {
    await go('lps')
    await page.locator('[data-test="lps-table"] tbody tr', { hasText: 'Ana López' }).click()
    await page.locator('[data-test="lp-statement"]').click()
    await page.locator('[data-test="statement"]').waitFor()
    await expect.poll(() => page.locator('[data-test="statement-table"]').innerText()).toContain(money(125_050))
    await shot('statement')
    expect(pageErrors).toEqual([])
  })
})

/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// The Today screen in Chromium, through the bridge: a new install with one ATM says what is left
// to set up, the header says payouts cannot run, and the alerts two sync rounds raised are shown
// with their one action; one is marked seen.
const dir = tempDir('satop-e2e-today-')
let server: E2eApp['server']
let browser: Browser
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  const created = await satop(['call', 'machines.create', JSON.stringify(machineArgs({ name: 'Plaza ATM' })), '--data-dir', dir.path])
  if (created.code !== 0) throw new Error(created.stdout)
  // two rounds: what has held twice is raised
  for (let i = 0; i < 2; i++) await satop(['call', 'sync.run', '{"process":false}', '--data-dir', dir.path])
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors))
}, 60_000)

afterEach((ctx) => screenshotIfFailed(page, 'today', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  dir.remove()
})

describe('the Today screen, end to end in Chromium', () => {
  it('is the first page: what is left to set up, and a header that says payouts cannot run', async () => {
    await page.locator('[data-test="setup"]').waitFor()
    expect(await page.locator('[data-test="setup-machine"] .q-icon').getAttribute('aria-label')).toBe('done')
    expect(await page.locator('[data-test="setup-wallet"] .q-icon').getAttribute('aria-label')).toBe('to do')
    await expect.poll(() => page.locator('[data-test="processing-switch"]').innerText()).toContain('Payouts blocked')
    expect(await page.locator('[data-test="sales-table"] tbody tr').first().innerText()).toMatch(/Plaza ATM\s+0 sales · Q\s?0\.00/)
  })

  it('shows the raised alerts with their action; one marked seen leaves the list', async () => {
    const machineAlert = page.locator('[data-test^="alert-machine:"]')
    await machineAlert.getByText('Plaza ATM: no wallet bound').waitFor()
    await expect.poll(() => machineAlert.innerText()).toContain("Bind the machine's LNbits wallet")
    await page.locator('[data-test="health-signer"]').waitFor()
    expect(await page.locator('[data-test="health-signer"]').getAttribute('data-state')).toBe('warning')
    await page
      .locator('[data-test="alert-relays"]')
      .getByRole('button', { name: /Mark .* as seen/ })
      .click()
    await page.locator('[data-test="alert-relays"]').waitFor({ state: 'detached' })
    const listed = await satop(['call', 'alerts.list', '{"open":true}', '--data-dir', dir.path])
    expect((listed.json as { check_id: string }[]).map((a) => a.check_id)).not.toContain('relays')
  })

  it('passes axe-core, and Reconcile says all is well with no wallet to check', async () => {
    expect(await wcagViolations(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-today.png'), fullPage: true })
    await page.locator('[data-test="reconciliations-empty"]').waitFor()
    await page.locator('[data-test="reconcile"]').click()
    await page.getByText('The ledger matches LNbits: 0 wallets checked.').waitFor()
    await expect.poll(() => page.locator('[data-test^="reconciliation-"]').first().innerText()).toMatch(/all clear\s+0 wallets · by bridge/)
    await page.locator('[data-test="notify-test"]').click()
    await page.getByText(/Sent\. In the desktop app it shows as a desktop notification/).waitFor()
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// An LP's statement in Chromium: reached from the LPs page, its figures, a period, the CSV it
// downloads, and the page as it prints (the app's frame left out).
const dir = tempDir('satop-e2e-statement-')
let server: E2eApp['server']
let browser: Browser
let page: Page
const pageErrors: string[] = []
let lpId = ''

const call = async (name: string, args: unknown) => {
  const r = await satop(['call', name, JSON.stringify(args), '--data-dir', dir.path])
  if (r.code !== 0) throw new Error(`${name}: ${r.stdout}`)
  return r.json as { id: string }
}

beforeAll(async () => {
  const machine = await call('machines.create', machineArgs({ name: 'Plaza ATM' }))
  lpId = (await call('clients.create', { machine_id: machine.id, name: 'Doña Marta', payout_destination: 'marta@example.com' })).id
  for (const amount of [50_000, 12_345]) {
    const d = await call('deposits.create', { client_id: lpId, machine_id: machine.id, amount })
    await call('deposits.setStatus', { id: d.id, status: 'confirmed' })
  }
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors))
}, 60_000)

afterEach((ctx) => screenshotIfFailed(page, 'statement', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  dir.remove()
})

describe("an LP's statement, end to end in Chromium", () => {
  it('opens from the LPs page with its figures and every entry', async () => {
    await page.locator('[data-test="nav-lps"]').click()
    await page.locator('[data-test="lps-table"] tbody tr', { hasText: 'Doña Marta' }).click()
    await page.locator('[data-test="lp-statement"]').click()
    await page.locator('[data-test="statement-table"]').waitFor()
    expect(await page.locator('h1').innerText()).toBe('Statement: Doña Marta')
    expect(await page.locator('[data-test="statement-deposits"]').innerText()).toMatch(/^Q\s?623\.45$/)
    expect(await page.locator('[data-test="statement-closing"]').innerText()).toMatch(/^Q\s?623\.45$/)
    const rows = await page.locator('[data-test="statement-table"] tbody tr').allInnerTexts()
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatch(/Deposit\s+Q\s?123\.45\s+Q\s?623\.45$/)
    expect(await wcagViolations(page)).toEqual([])
  })

  it('downloads the same entries as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="statement-csv"]').click()])
    expect(download.suggestedFilename()).toBe('satop-statement-dona-marta.csv')
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\n')[0]).toMatch(/^at,kind,status,fiat_code,fiat_minor,fiat,/)
    expect(csv).toContain('deposit,,GTQ,12345,123.45')
  })

  it('prints without the app around it; a period after the deposits is empty and opens on their balance', async () => {
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.q-header').isVisible()).toBe(false)
    expect(await page.locator('[data-test="statement-print"]').isVisible()).toBe(false)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-statement-print.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.locator('input[data-test="statement-from"]').fill('2099-01-01')
    await page.locator('[data-test="statement-empty"]').waitFor()
    expect(await page.locator('[data-test="statement-opening"]').innerText()).toMatch(/^Q\s?623\.45$/)
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import {
  ARTIFACTS,
  launchChromium,
  animationsSettled,
  wcagViolations,
  toastsGone,
  screenshotIfFailed,
  closeE2eApp,
} from '../support/browser'
import { satop } from '../support/cli'
import { newPubkey } from '../support/keys'
import { startServe } from '../support/serve'
import { tempDir } from '../support/tmp'

// The whole path: the renderer in Chromium -> bridge -> core -> SQLite, then the CLI on the same ledger.
const dir = tempDir('satop-e2e-')
let server: Awaited<ReturnType<typeof startServe>>
let browser: Browser
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startServe(dir.path)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text())
  })
})

// A failing step leaves a picture of what the page showed.
afterEach((ctx) => screenshotIfFailed(page, 'machines', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  dir.remove()
})

// QInput puts its attributes on the native <input>.
/** Waits for CSS transitions (dialogs, dark mode) to finish, so screenshots show the settled page. */
const settled = () => animationsSettled(page)

const field = (name: string) => page.locator(`input[data-test="field-${name}"]`)

describe('machines, end to end in Chromium', () => {
  it('connects through the bridge and shows the empty state', async () => {
    await page.goto(server.url)
    await page.locator('[data-test="connection"][data-state="connected"]').waitFor()
    expect(page.url()).not.toContain('token=') // the token leaves the address bar
    await page.locator('[data-test="nav-machines"]').click()
    await page.locator('[data-test="machines-empty"]').getByText('No machines yet').waitFor()
  })

  it('checks fields like the core does, before sending', async () => {
    await page.locator('[data-test="add-machine"]').click()
    await field('name').fill('Lobby ATM')
    await field('npub').fill('npub1definitelynotakey')
    await field('fiat').fill('ZZZ')
    await field('fee-in').fill('20')
    await field('fee-out').fill('3.5')
    await page.locator('[data-test="submit"]').click()
    await page.getByText('Public key is not a valid npub').waitFor()
    await page.getByText('Currency must be an ISO 4217 currency code').waitFor()
    await page.getByText('Cash-in fee must be between 0 and 15%').waitFor()
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-machine-form-errors.png') })
  })

  it('creates a machine through the form and lists it', async () => {
    const key = newPubkey()
    await field('npub').fill(key.npub)
    await field('location').fill('Zona 10, Guatemala City')
    await field('fiat').fill('gtq')
    await field('fee-in').fill('3')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="machine-form"]').waitFor({ state: 'detached' })
    const row = page.locator('[data-test="machines-table"] tbody tr', { hasText: 'Lobby ATM' })
    await row.waitFor()
    expect(await row.innerText()).toMatch(/Lobby ATM\s+Zona 10, Guatemala City\s+npub1.+\s+GTQ\s+3%\s+3\.5%\s+Active/)
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-machines.png') })

    // the CLI sees the same ledger
    const listed = await satop(['call', 'machines.list', '{}', '--data-dir', dir.path])
    expect(listed.code).toBe(0)
    expect(listed.json).toMatchObject({
      items: [{ name: 'Lobby ATM', machine_pubkey: key.hex, fiat_code: 'GTQ', operator_cash_in_fee_fraction: '0.0300' }],
    })
  })

  it("shows the core's own refusal (a duplicate key) against the field", async () => {
    const existing = ((await satop(['call', 'machines.list', '{}', '--data-dir', dir.path])).json as { items: { machine_npub: string }[] })
      .items[0]!
    await page.locator('[data-test="add-machine"]').click()
    await field('name').fill('Second ATM')
    await field('npub').fill(existing.machine_npub)
    await field('fiat').fill('GTQ')
    await field('fee-in').fill('1')
    await field('fee-out').fill('1')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="form-error"]').getByText('already uses this public key').waitFor()
    await page.getByText('is already used by another machine').waitFor()
    await page.keyboard.press('Escape') // persistent dialog: Escape does not discard the form
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.locator('[data-test="machine-form"]').waitFor({ state: 'detached' })
  })

  it("passes axe-core's WCAG 2 A/AA checks", async () => {
    const audit = () => wcagViolations(page)
    expect(await audit()).toEqual([])
    await page.locator('[data-test="add-machine"]').click()
    await page.locator('[data-test="machine-form"]').waitFor()
    await settled()
    expect(await audit()).toEqual([])
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.locator('[data-test="machine-form"]').waitFor({ state: 'detached' })
  })

  it('stays readable in dark mode', async () => {
    await toastsGone(page) // one may cover the header's buttons
    await page.locator('[data-test="toggle-dark"]').click()
    await page.locator('body.body--dark').waitFor()
    await settled()
    const colors = await page.evaluate(() => {
      const color = (selector: string) => getComputedStyle(document.querySelector(selector) as HTMLElement).color
      const background = (selector: string) => getComputedStyle(document.querySelector(selector) as HTMLElement).backgroundColor
      return {
        cell: color('[data-test="machines-table"] tbody td'),
        table: background('[data-test="machines-table"]'),
        nav: color('[data-test="nav-lps"]'),
        drawer: background('.q-drawer'),
      }
    })
    expect(contrast(colors.cell, colors.table)).toBeGreaterThan(4.5)
    expect(contrast(colors.nav, colors.drawer)).toBeGreaterThan(4.5)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-machines-dark.png') })
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })

  it('shows when the app goes away', async () => {
    await server.stop()
    await page.locator('[data-test="connection"][data-state="reconnecting"], [data-test="connection"][data-state="offline"]').waitFor()
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-connection-lost.png') })
  })
})

/** WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? [])
      .slice(0, 3)
      .map(Number)
      .map((v) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// Settings → Backups in Chromium, through the bridge: a backup made by hand and one sealed into a
// file, each restored from the UI after looking at what it holds; the CLI reads the same ledger.
const dir = tempDir('satop-e2e-backup-')
const usb = tempDir('satop-e2e-usb-')
const FILE = join(usb.path, 'shop.backup')
const PASSPHRASE = 'twelve or more characters'
let server: E2eApp['server']
let browser: Browser
let page: Page
const pageErrors: string[] = []

const machinesFromCli = async () =>
  ((await satop(['call', 'machines.list', '{}', '--data-dir', dir.path])).json as { items: { name: string }[] }).items
    .map((m) => m.name)
    .sort()

beforeAll(async () => {
  const created = await satop(['call', 'machines.create', JSON.stringify(machineArgs({ name: 'Plaza ATM' })), '--data-dir', dir.path])
  if (created.code !== 0) throw new Error(created.stdout)
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors))
}, 60_000)

afterEach((ctx) => screenshotIfFailed(page, 'backup', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  dir.remove()
  usb.remove()
})

describe('backups, end to end in Chromium', () => {
  it('starts with none and says when they are made; Back up now lists one', async () => {
    await page.locator('[data-test="nav-settings"]').click()
    await page.locator('[data-test="backups-empty"]').waitFor()
    await expect.poll(() => page.locator('[data-test="backup-schedule"]').innerText()).toContain('Every 6 hours')
    await page.locator('[data-test="backup-now"]').click()
    await page.getByText('Backed up: 0 settlements, 0 LPs.').waitFor()
    await expect.poll(() => page.locator('[data-test="backups-list"] .q-item').count()).toBe(1)
  })

  it('seals a file after a second machine; a passphrase typed twice differently is refused in the form', async () => {
    expect(
      (await satop(['call', 'machines.create', JSON.stringify(machineArgs({ name: 'Later ATM' })), '--data-dir', dir.path])).code,
    ).toBe(0)
    await page.locator('[data-test="backup-to-file"]').click()
    await page.locator('input[data-test="field-to_file"]').fill(FILE)
    await page.locator('input[data-test="field-passphrase"]').fill(PASSPHRASE)
    await page.locator('input[data-test="field-again"]').fill('something else entirely')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="form-error"]').getByText('The two passphrases differ.').waitFor()
    await page.locator('input[data-test="field-again"]').fill(PASSPHRASE)
    await page.locator('[data-test="submit"]').click()
    await page.getByText(`Backed up to ${FILE}.`).waitFor()
    await page.locator('[data-test="backup-file-form"]').waitFor({ state: 'detached' }) // and the passphrases with it
  })

  it('passes axe-core with the backups listed', async () => {
    expect(await wcagViolations(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-backups.png'), fullPage: true })
  })

  it('restores the first backup after showing what it holds: the later machine is gone, and the page reloads onto it', async () => {
    await page.locator('[data-test="backups-list"] .q-item').last().getByRole('button', { name: 'Restore' }).click()
    await page.getByText(/Made .* 1 machine, 0 LPs, 0 deposits, 0 settlements/).waitFor()
    await page.getByRole('button', { name: 'Restore' }).last().click()
    await page.locator('[data-test="backups"]').waitFor() // after the reload
    await expect.poll(machinesFromCli).toEqual(['Plaza ATM'])
    await page.locator('[data-test="nav-machines"]').click()
    await page.getByText('Plaza ATM').first().waitFor()
    expect(await page.getByText('Later ATM').count()).toBe(0)
  })

  it('restores the sealed file: a wrong passphrase is said in the form, the right one brings the later machine back', async () => {
    await page.locator('[data-test="nav-settings"]').click()
    await page.locator('[data-test="restore-from-file"]').click()
    await page.locator('input[data-test="field-file"]').fill(FILE)
    await page.locator('input[data-test="field-passphrase"]').fill('not the passphrase')
    await page.locator('[data-test="submit"]').click()
    await page
      .locator('[data-test="form-error"]')
      .getByText(/The passphrase does not open this backup file/)
      .waitFor()
    await page.locator('input[data-test="field-passphrase"]').fill(PASSPHRASE)
    await page.locator('[data-test="submit"]').click()
    await page.getByText(/Made .* 2 machines/).waitFor()
    await page.getByRole('button', { name: 'Restore' }).last().click()
    await expect.poll(machinesFromCli).toEqual(['Later ATM', 'Plaza ATM'])
    const audit = (await satop(['call', 'audit.list', '{"limit":1}', '--data-dir', dir.path])).json as {
      items: { command: string; actor: string }[]
    }
    expect(audit.items[0]).toMatchObject({ command: 'backup.restore', actor: 'bridge' })
  })

  it('exports a table as CSV from Settings → Exports', async () => {
    await page.locator('[data-test="nav-settings"]').click()
    await page.locator('[data-test="export-what"]').click()
    await page.getByRole('option', { name: 'Table: machines' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-download"]').click()])
    expect(download.suggestedFilename()).toBe('satop-machines.csv')
    const csv = (await import('node:fs')).readFileSync((await download.path())!, 'utf8')
    expect(csv.trim().split('\n')).toHaveLength(3) // the header and the two machines
    expect(csv).not.toMatch(/_enc/)
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { newPubkey } from '../support/keys'
import { tempDir } from '../support/tmp'

// Settings → Platform key in Chromium, through the bridge; the CLI reads the same ledger.
const dir = tempDir('satop-e2e-settings-')
const atm = newPubkey()
let server: E2eApp['server']
let browser: Browser
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  const created = await satop([
    'call',
    'machines.create',
    JSON.stringify(machineArgs({ name: 'Plaza ATM', machine_npub: atm.npub })),
    '--data-dir',
    dir.path,
  ])
  if (created.code !== 0) throw new Error(created.stdout)
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors))
}, 60_000)

afterEach((ctx) => screenshotIfFailed(page, 'settings', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  dir.remove()
})

const settingsFromCli = async () =>
  (await satop(['call', 'settings.get', '{}', '--data-dir', dir.path])).json as { platform_npub: string | null }

describe('the platform key, end to end in Chromium', () => {
  it('starts unset and says what that means', async () => {
    await page.locator('[data-test="nav-settings"]').click()
    await page.locator('[data-test="platform-unset"]').getByText('no platform fee config is accepted').waitFor()
  })

  it("is set only after confirming; a machine's key is refused with the core's reason", async () => {
    const platform = newPubkey()
    // Cancelled at the confirmation: nothing changes.
    await page.locator('[data-test="set-platform-key"]').click()
    await page.locator('input[data-test="field-platform_npub"]').fill(platform.npub)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="platform-key-form"]').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.locator('[data-test="platform-unset"]').waitFor()
    expect((await settingsFromCli()).platform_npub).toBeNull()

    // An ATM's key: refused by the core, said in a notification, nothing changes.
    await page.locator('[data-test="set-platform-key"]').click()
    await page.locator('input[data-test="field-platform_npub"]').fill(atm.npub)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="platform-key-form"]').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Change the key' }).click()
    await page.getByText('This is the key of machine "Plaza ATM"').waitFor()
    expect((await settingsFromCli()).platform_npub).toBeNull()

    // Confirmed: set, shown, and the CLI sees it.
    await page.locator('[data-test="set-platform-key"]').click()
    await page.locator('input[data-test="field-platform_npub"]').fill(platform.npub)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="platform-key-form"]').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Change the key' }).click()
    await page.locator('[data-test="platform-npub"]').getByText(platform.npub).waitFor()
    expect((await settingsFromCli()).platform_npub).toBe(platform.npub)
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-platform-key.png') })
    expect(await wcagViolations(page)).toEqual([])
    expect(pageErrors).toEqual([])
  })
})

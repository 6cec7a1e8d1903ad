/// <reference lib="dom" />
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { tempDir } from '../support/tmp'

// Settings → Stored keys in Chromium, through the bridge (browser mode has no OS keychain): a
// passphrase chosen there locks the data key at the next start, and the card unlocks it.
const dir = tempDir('satop-e2e-secrets-')
const PASSPHRASE = 'una frase larga y segura'
let app: E2eApp | undefined
const pageErrors: string[] = []

afterEach((ctx) => screenshotIfFailed(app?.page, 'secrets', ctx))
afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

const statusFromCli = async () => (await satop(['call', 'secrets.status', '{}', '--data-dir', dir.path])).json

describe('the stored keys, end to end in Chromium', () => {
  it('a new folder says its keys are not protected; a passphrase typed twice the same protects them', async () => {
    app = await openE2eApp(dir.path, pageErrors)
    const { page } = app
    await page.locator('[data-test="nav-settings"]').click()
    const card = page.locator('[data-test="secrets"]')
    await card.getByText('Whoever copies the data folder can read the LNbits keys.').waitFor()
    await expect.poll(() => card.locator('[data-test="secrets-state"]').textContent()).toBe('Not protected')

    await page.locator('[data-test="secrets-passphrase"]').click()
    const dialog = page.locator('[data-test="secrets-passphrase-dialog"]')
    await dialog.locator('input[data-test="field-passphrase"]').fill(PASSPHRASE)
    await dialog.locator('input[data-test="field-repeat"]').fill(`${PASSPHRASE}!`)
    await dialog.locator('[data-test="submit"]').click()
    await dialog.locator('[data-test="form-error"]').getByText('The two passphrases differ').waitFor()
    expect(await statusFromCli()).toMatchObject({ protection: 'none' })

    await dialog.locator('input[data-test="field-repeat"]').fill(PASSPHRASE)
    await dialog.locator('[data-test="submit"]').click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => card.locator('[data-test="secrets-state"]').textContent()).toBe('Protected')
    await card.getByText('Wrapped by your passphrase').waitFor()
    // another process (the CLI) finds it locked, and opens it with the same passphrase
    expect(await statusFromCli()).toMatchObject({ protection: 'passphrase', locked: true })
    expect(pageErrors).toEqual([])
  }, 60_000)

  it('after a restart the keys are locked, the header says payouts are blocked, and the card unlocks them', async () => {
    await closeE2eApp(app!)
    app = await openE2eApp(dir.path, pageErrors)
    const { page } = app
    await page.locator('[data-test="processing-switch"]').getByText('Payouts blocked').waitFor()
    await page.locator('[data-test="nav-settings"]').click()
    const card = page.locator('[data-test="secrets"]')
    await expect.poll(() => card.locator('[data-test="secrets-state"]').textContent()).toBe('Locked')
    await card.locator('[data-test="secrets-reason"]').getByText('protected by your passphrase').waitFor()

    await page.locator('[data-test="secrets-unlock"]').click()
    const dialog = page.locator('[data-test="secrets-unlock-dialog"]')
    await dialog.locator('input[data-test="field-passphrase"]').fill('not the passphrase')
    await dialog.locator('[data-test="submit"]').click()
    await dialog.locator('[data-test="form-error"]').getByText('That passphrase does not open the data key').waitFor()
    await dialog.locator('input[data-test="field-passphrase"]').fill(PASSPHRASE)
    await dialog.locator('[data-test="submit"]').click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => card.locator('[data-test="secrets-state"]').textContent()).toBe('Protected')
    await page.locator('[data-test="processing-switch"]').getByText('Payouts on').waitFor()
    await animationsSettled(page)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-stored-keys.png') })
    expect(await wcagViolations(page)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 60_000)
})

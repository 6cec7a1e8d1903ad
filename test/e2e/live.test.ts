/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// A write by another process on the same ledger reaches an open page without a reload.
const dir = tempDir('satop-e2e-live-')
let app: E2eApp | undefined
const pageErrors: string[] = []

beforeAll(async () => {
  app = await openE2eApp(dir.path, pageErrors)
}, 60_000)
afterEach((ctx) => screenshotIfFailed(app?.page, 'live', ctx))
afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

describe('live updates', () => {
  it('a machine the CLI adds appears on the open Machines page within seconds, without a reload', async () => {
    const { page } = app!
    await page.locator('[data-test="nav-machines"]').click()
    await page.getByText('No machines yet').waitFor()
    // a marker that a reload would wipe
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
    const started = Date.now()
    const created = await satop([
      'call',
      'machines.create',
      JSON.stringify(machineArgs({ name: 'Added from the CLI' })),
      '--data-dir',
      dir.path,
    ])
    expect(created.code).toBe(0)
    await page.getByText('Added from the CLI').waitFor({ timeout: 5_000 })
    console.info(`a CLI write reached the open page in ${Date.now() - started} ms`)
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
    expect(pageErrors).toEqual([])
  })
})

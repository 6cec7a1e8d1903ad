/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import { nav } from '../../src-renderer/src/nav'

// Every page, in Spanish (light) and English (dark): screenshots for people to look at, and axe's
// WCAG 2.1 A/AA checks on each, with a ledger that has something on every page.
const dir = tempDir('satop-e2e-pages-')
let app: E2eApp | undefined
const pageErrors: string[] = []
const results: { page: string; mode: string; violations: string[] }[] = []

const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)

beforeAll(async () => {
  const machine = await cli<{ id: string }>('machines.create', machineArgs({ name: 'Cajero Plaza' }))
  const lp = await cli<{ id: string }>('clients.create', {
    machine_id: machine.id,
    name: 'Ana López',
    payout_destination: 'ana@example.com',
  })
  const deposit = await cli<{ id: string }>('deposits.create', {
    client_id: lp.id,
    machine_id: machine.id,
    amount: 125_050,
    note: 'efectivo',
  })
  await cli('deposits.setStatus', { id: deposit.id, status: 'confirmed' })
  await cli('settlements.record', {
    machine_id: machine.id,
    txid: 'plaza-1',
    direction: 'cash_out',
    crypto_atoms: 266_800,
    fiat_amount: 20_000,
  })
  app = await openE2eApp(dir.path, pageErrors)
}, 90_000)
afterEach((ctx) => screenshotIfFailed(app?.page, 'every-page', ctx))
afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'axe-every-page.json'), JSON.stringify(results, null, 2))
  console.info(
    [
      'page                  mode        axe violations',
      ...results.map((r) => `${r.page.padEnd(21)} ${r.mode.padEnd(11)} ${r.violations.length}`),
    ].join('\n'),
  )
  await closeE2eApp(app ?? {})
  dir.remove()
})

async function record(page: Page, mode: string, name: string): Promise<void> {
  await page.locator('.q-page').first().waitFor()
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await animationsSettled(page)
  await page.screenshot({ path: join(ARTIFACTS, `page-${mode}-${name}.png`), fullPage: true })
  results.push({ page: name, mode, violations: await wcagViolations(page) })
}

async function visitAll(page: Page, mode: string): Promise<void> {
  for (const entry of nav) {
    await page.locator(`[data-test="nav-${entry.name}"]`).click()
    await page.waitForURL(new RegExp(`#${entry.path === '/' ? '/$' : entry.path}`))
    await record(page, mode, entry.name)
  }
  // the inner pages: a machine's, each of its tabs, and an LP's statement
  await page.locator('[data-test="nav-machines"]').click()
  await page.locator('[data-test="machines-table"] tbody tr').first().click()
  await page.locator('[data-test="machine-name"]').waitFor()
  for (const tab of ['lps', 'settlements', 'cassettes', 'delivery', 'wallet']) {
    await page.locator(`[data-test="tab-${tab}"]`).click()
    await record(page, mode, `machine-${tab}`)
  }
  await page.locator('[data-test="tab-lps"]').click()
  await page.locator('[data-test="machine-lps"] tbody tr').first().click()
  await page.waitForURL(/#\/lps\/[^/]+\/statement/)
  await record(page, mode, 'statement')
}

describe('every page', () => {
  it('in Spanish, light: chosen in Settings, every word of the frame follows', async () => {
    const { page } = app!
    await page.locator('[data-test="nav-settings"]').click()
    await page.locator('[data-test="language-select"]').click()
    await page.getByRole('option', { name: 'Español' }).click()
    await page.locator('[data-test="nav-today"]').getByText('Hoy', { exact: true }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-GT')
    expect(await cli('settings.get', {})).toMatchObject({ language: 'es' })
    await visitAll(page, 'es-light')
    expect(results.filter((r) => r.mode === 'es-light' && r.violations.length > 0)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('in English, dark: chosen by the CLI, the open window follows without a reload', async () => {
    const { page } = app!
    await cli('settings.update', { language: 'en' })
    await page.locator('[data-test="nav-today"]').getByText('Today', { exact: true }).waitFor({ timeout: 10_000 })
    await page.locator('[data-test="toggle-dark"]').click()
    await visitAll(page, 'en-dark')
    expect(results.filter((r) => r.mode === 'en-dark' && r.violations.length > 0)).toEqual([])
    expect(pageErrors).toEqual([])
  }, 180_000)
})

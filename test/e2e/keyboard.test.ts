/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// One flow with the keyboard only (no mouse): record an LP's deposit and confirm it.
const dir = tempDir('satop-e2e-keyboard-')
let app: E2eApp | undefined
const pageErrors: string[] = []

const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)

beforeAll(async () => {
  const machine = await cli<{ id: string }>('machines.create', machineArgs({ name: 'Lobby ATM' }))
  await cli('clients.create', { machine_id: machine.id, name: 'Ana', payout_destination: 'ana@example.com' })
  app = await openE2eApp(dir.path, pageErrors)
}, 60_000)
afterEach((ctx) => screenshotIfFailed(app?.page, 'keyboard', ctx))
afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

/** Tab until the focused element matches `selector`; fails if it takes more than `max` presses. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** The focused element has a visible focus ring (an outline wider than nothing). */
const focusRing = (page: Page) => page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)

describe('the keyboard alone', () => {
  it('the skip link comes first and moves past the header and the menu', async () => {
    const { page } = app!
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content')
  })

  it('records a deposit and confirms it, every control showing its focus', async () => {
    const { page } = app!
    await tabTo(page, '[data-test="nav-deposits"]')
    expect(await focusRing(page)).not.toBe('0px')
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/deposits/)
    await tabTo(page, '[data-test="add-deposit"]')
    expect(await focusRing(page)).not.toBe('0px')
    await page.keyboard.press('Enter')
    const form = page.locator('[data-test="deposit-form"]')
    await form.waitFor()
    // the LP field has the focus: open its list, take the first LP
    await tabTo(page, '[data-test="field-lp"] [tabindex="0"], [data-test="field-lp"][tabindex="0"]')
    await page.keyboard.press('Enter')
    await page.getByRole('option', { name: /Ana/ }).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => form.innerText()).toContain('Ana — Lobby ATM')
    await tabTo(page, 'input[data-test="field-amount"]')
    await page.keyboard.type('1,250.50')
    await page.keyboard.press('Enter') // submits the form
    await form.waitFor({ state: 'detached' })
    const [deposit] = (await cli<{ items: { id: string; status: string; amount: number }[] }>('deposits.list', {})).items
    expect(deposit).toMatchObject({ status: 'pending', amount: 125_050 })

    await tabTo(page, `[data-test="confirm-${deposit!.id}"]`)
    expect(await focusRing(page)).not.toBe('0px')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await cli<{ items: { status: string }[] }>('deposits.list', {})).items[0]!.status).toBe('confirmed')
    expect(pageErrors).toEqual([])
  })

  it('a row that opens something is reached with Tab and opened with Enter', async () => {
    const { page } = app!
    await page.locator('[data-test="nav-lps"]').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/lps/)
    await tabTo(page, '[data-test="lps-table"] tbody tr')
    expect(await focusRing(page)).not.toBe('0px')
    await page.keyboard.press('Enter')
    await page.locator('[data-test="lp-remaining"]').waitFor()
  })
})

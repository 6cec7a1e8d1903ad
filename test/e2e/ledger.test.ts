/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, launchChromium, animationsSettled, screenshotIfFailed, closeE2eApp } from '../support/browser'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { startServe } from '../support/serve'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// LPs, deposits, splits and a settlement through the UI, against the real core behind the bridge.
const dir = tempDir('satop-e2e-ledger-')
let server: Awaited<ReturnType<typeof startServe>>
let browser: Browser
let page: Page
const pageErrors: string[] = []
let peer: LnbitsPeer
const w: Record<'machine' | 'ana' | 'partner' | 'funding', TestWallet> = {} as never

const settled = () => animationsSettled(page)
const field = (name: string) => page.locator(`[data-test="field-${name}"]`)
const go = async (nav: string) => {
  await page.locator(`[data-test="nav-${nav}"]`).click()
}
async function choose(fieldName: string, option: string): Promise<void> {
  await field(fieldName).click()
  await page.getByRole('option', { name: option }).click()
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  peer = await LnbitsPeer.start()
  for (const name of ['machine', 'ana', 'partner', 'funding'] as const) w[name] = await peer.newWallet(name)
  await peer.fund(w.machine.id, 1_000_000)
  const created = await satop([
    'call',
    'machines.create',
    JSON.stringify(machineArgs({ name: 'Lobby ATM', operator_cash_out_fee_fraction: '0.03' })),
    '--data-dir',
    dir.path,
  ])
  if (created.code !== 0) throw new Error(created.stdout)
  server = await startServe(dir.path)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text())
  })
  await page.goto(server.url)
  await page.locator('[data-test="connection"][data-state="connected"]').waitFor()
})

afterEach((ctx) => screenshotIfFailed(page, 'ledger', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  await peer?.stop()
  dir.remove()
})

describe('the ledger, end to end in Chromium', () => {
  it('adds LPs; one is onboarded once its destination is verified live', async () => {
    await go('lps')
    await page.locator('[data-test="lps-empty"]').waitFor()
    for (const [name, dest] of [
      ['Ana', w.ana.inkey],
      ['Zoe', ''],
    ]) {
      await page.locator('[data-test="add-lp"]').click()
      await field('name').fill(name!)
      if (dest) await field('destination').fill(dest)
      await page.locator('[data-test="submit"]').click()
      await page.locator('[data-test="lp-form"]').waitFor({ state: 'detached' })
    }
    const rows = page.locator('[data-test="lps-table"] tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    // Ana's LNbits key is checked as soon as she is added: no LNbits is bound yet, and the app says so.
    await page
      .getByText(/could not be checked now.*bind a wallet first/)
      .first()
      .waitFor()
    expect(await rows.nth(0).innerText()).toMatch(/Ana\s+Lobby ATM\s+LNbits key \w{4}…\w{4}\s+Not checked yet/)
    expect(await rows.nth(1).innerText()).toMatch(/Zoe\s+Lobby ATM\s+—\s+No destination/)

    // The operator binds a funding wallet (from the CLI here), then verifies Ana's destination.
    const bound = await satop([
      'call',
      'wallets.bind',
      JSON.stringify({
        role: 'funding',
        label: 'Float',
        lnbits_url: peer.url,
        invoice_key: w.funding.inkey,
        admin_key: w.funding.adminkey,
      }),
      '--data-dir',
      dir.path,
    ])
    expect(bound.code).toBe(0)
    await rows.nth(0).click()
    await page.locator('[data-test="verify-destination"]').click()
    await page.getByText(/Ana's destination works/).waitFor()
    await expect.poll(() => rows.nth(0).innerText()).toMatch(/Verified/)
    expect(await page.locator('[data-test="lp-verification"]').innerText()).toMatch(/^Verified /)
  })

  it('records and confirms a deposit, and the LP balance shows it', async () => {
    await go('deposits')
    await page.locator('[data-test="add-deposit"]').click()
    await choose('lp', 'Ana — Lobby ATM')
    await field('amount').fill('600.5')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="deposit-form"]').waitFor({ state: 'detached' })
    const row = page.locator('[data-test="deposits-table"] tbody tr', { hasText: 'Ana' })
    await expect.poll(() => row.innerText()).toMatch(/Q\s?600\.50.*Pending/s)
    await row.getByRole('button', { name: 'Confirm' }).click()
    await expect.poll(() => row.innerText()).toMatch(/Confirmed/)
    await go('lps')
    await page.locator('[data-test="lps-table"] tbody tr', { hasText: 'Ana' }).click()
    await expect.poll(() => page.locator('[data-test="lp-remaining"]').innerText()).toMatch(/^Q\s?600\.50$/)
  })

  it('saves a split ruleset only when it sums to 1', async () => {
    await go('splits')
    await page.locator('[data-test="edit-splits"]').click()
    await page.locator('[data-test="split-label-0"]').fill('Partner')
    await page.locator('[data-test="split-destination-0"]').fill(w.partner.inkey)
    await page.locator('[data-test="split-fraction-0"]').fill('90')
    await expect.poll(() => page.locator('[data-test="split-sum"]').innerText()).toContain('they must add up to 100%')
    expect(await page.locator('[data-test="save-splits"]').isDisabled()).toBe(true)
    await page.locator('[data-test="split-fraction-0"]').fill('100')
    await page.locator('[data-test="save-splits"]').click()
    await page.locator('[data-test="splits-editor"]').waitFor({ state: 'detached' })
    const preview = `LNbits key ${w.partner.inkey.slice(0, 4)}…${w.partner.inkey.slice(-4)}`
    await page.getByText(preview).waitFor()

    // an edit keeps the saved key, which the screen only shows by its ends, without retyping it
    await page.locator('[data-test="edit-splits"]').click()
    expect(await page.locator('[data-test="split-destination-0"]').inputValue()).toBe('')
    await page.getByText(`Keeps the saved ${preview}`).waitFor()
    await page.locator('[data-test="split-label-0"]').fill('Partner wallet')
    await page.locator('[data-test="save-splits"]').click()
    await page.locator('[data-test="splits-editor"]').waitFor({ state: 'detached' })
    await page.getByRole('cell', { name: 'Partner wallet' }).waitFor()
    await page.getByText(preview).waitFor()
  })

  it('records a cash-out and previews legs that add up to the sats in', async () => {
    await go('settlements')
    await page.locator('[data-test="settlements-empty"]').waitFor()
    await page.locator('[data-test="record-settlement"]').click()
    await field('txid').fill('atm-tx-42')
    await field('sats').fill('266800')
    await field('fiat').fill('1500')
    await page.locator('[data-test="submit"]').click()
    const detail = page.locator('[data-test="settlement-detail"]')
    await detail.waitFor()
    await expect.poll(() => page.locator('[data-test="legs-total"]').innerText()).toBe('266,800 sats')
    const legs = await page.locator('[data-test="legs-table"] tbody tr').allInnerTexts()
    expect(legs.join('\n')).toMatch(/Commission split\s+Partner/)
    expect(legs.join('\n')).toMatch(/LP payout\s+Ana\s+LNbits key \w{4}…\w{4}\s+[\d,]+ sats\s+Q\s?600\.50/)
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-settlement-preview.png') })
  })

  it('says what to do when payouts are not set up', async () => {
    await page.locator('[data-test="process"]').click()
    await page.getByText("Payouts need the machine's LNbits wallet").waitFor()
    expect(await page.locator('[data-test="settlement-status"]').innerText()).toBe('Pending')
    await page.getByRole('button', { name: 'Close' }).click()
  })

  it('binds the machine wallet in Settings, then pays the settlement through LNbits', async () => {
    await go('settings')
    await page.locator('[data-test^="wallet-"]', { hasText: 'Float' }).waitFor() // the funding wallet bound earlier
    await page.locator('[data-test="bind-wallet"]').click()
    await page.locator('[data-test="field-lnbits_url"]').fill(peer.url)
    await page.locator('[data-test="field-invoice_key"]').fill(w.machine.adminkey) // swapped on purpose
    await page.locator('[data-test="field-admin_key"]').fill(w.machine.inkey)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="form-error"]').getByText('admin key is an invoice key').waitFor()
    await page.locator('[data-test="field-invoice_key"]').fill(w.machine.inkey)
    await page.locator('[data-test="field-admin_key"]').fill(w.machine.adminkey)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="wallet-form"]').waitFor({ state: 'detached' })
    const row = page.locator('[data-test^="wallet-"]', { hasText: 'Machine: Lobby ATM' })
    await expect.poll(() => row.innerText()).toContain(`…${w.machine.adminkey.slice(-4)}`)
    expect(await page.content()).not.toContain(w.machine.adminkey) // only the preview reaches the page

    const anaBefore = await peer.balanceMsat(w.ana.inkey)
    await go('settlements')
    await page.locator('[data-test="settlements-table"] tbody tr', { hasText: 'atm-tx-42' }).click()
    await page.locator('[data-test="process"]').click()
    await expect.poll(() => page.locator('[data-test="settlement-status"]').innerText(), { timeout: 20_000 }).toBe('Completed')
    const legs = await page.locator('[data-test="legs-table"] tbody tr').allInnerTexts()
    const anaSats = legs
      .filter((l) => /\bAna\b/.test(l))
      .map((l) => Number(/([\d,]+) sats/.exec(l)![1]!.replace(/,/g, '')))
      .reduce((a, b) => a + b, 0)
    expect((await peer.balanceMsat(w.ana.inkey)) - anaBefore).toBe(anaSats * 1000)
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-settlement-paid.png') })
    await page.getByRole('button', { name: 'Close' }).click()
  })

  it('pauses and resumes payouts from the header, and it shows everywhere', async () => {
    const toggle = page.locator('[data-test="processing-switch"]')
    await expect.poll(() => toggle.getAttribute('data-paused')).toBe('false')
    await toggle.click()
    await page.getByRole('dialog').locator('input').fill('counting cash')
    await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click()
    await expect.poll(() => toggle.getAttribute('data-paused')).toBe('true')
    const status = await satop(['call', 'processing.status', '{}', '--data-dir', dir.path])
    expect(status.json).toMatchObject({ paused: true, reason: 'counting cash', changed_by: 'bridge' })
    await go('deposits')
    await expect.poll(() => toggle.innerText()).toContain('Payouts paused') // the header shows it on every page
    await settled()
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-payouts-paused.png') })
    await toggle.click()
    await page.getByText('Resume everything').click()
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click()
    await expect.poll(() => toggle.getAttribute('data-paused')).toBe('false')
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

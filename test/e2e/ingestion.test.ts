/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode, nsecEncode } from 'nostr-tools/nip19'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { atmSim, satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { newPubkey } from '../support/keys'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'
import { tempDir } from '../support/tmp'

// The ATM simulator's own command line plays three sales into a real LNbits (two cash-outs, one
// attested and one not, and a cash-in); the operator syncs from the Settlements page, sees the
// attested ones as settlements, and sets the stray payment aside.
const dir = tempDir('satop-e2e-ingest-')
let server: E2eApp['server']
let browser: Browser
let page: Page
let peer: LnbitsPeer
const pageErrors: string[] = []
const w: Record<'machine' | 'customer', TestWallet> = {} as never
const machineKey = generateSecretKey()
const operator = newPubkey()

/** `npm run atm -- sale …` (or `cash-in …`): the development tool that plays the ATM. */
function atmSale(extra: string[], command: 'sale' | 'cash-in' = 'sale') {
  return atmSim([
    command,
    '--lnbits',
    peer.url,
    '--machine-invoice-key',
    w.machine.inkey,
    '--machine-admin-key',
    w.machine.adminkey,
    '--machine-nsec',
    nsecEncode(machineKey),
    '--operator',
    operator.npub,
    '--fiat-code',
    'GTQ',
    ...(command === 'sale' ? ['--customer-admin-key', w.customer.adminkey] : ['--customer-invoice-key', w.customer.inkey]),
    ...extra,
  ])
}

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  for (const name of ['machine', 'customer'] as const) w[name] = await peer.newWallet(name)
  await peer.fund(w.customer.id, 1_000_000)
  const machine = await satop([
    'call',
    'machines.create',
    JSON.stringify(machineArgs({ name: 'Plaza ATM', machine_npub: npubEncode(getPublicKey(machineKey)) })),
    '--data-dir',
    dir.path,
  ])
  if (machine.code !== 0) throw new Error(machine.stdout)
  const bound = await satop([
    'call',
    'wallets.bind',
    JSON.stringify({
      role: 'machine',
      machine_id: (machine.json as { id: string }).id,
      lnbits_url: peer.url,
      invoice_key: w.machine.inkey,
      admin_key: w.machine.adminkey,
    }),
    '--data-dir',
    dir.path,
  ])
  if (bound.code !== 0) throw new Error(bound.stdout)
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors))
}, 120_000)

afterEach((ctx) => screenshotIfFailed(page, 'ingestion', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  await peer?.stop()
  dir.remove()
})

describe('sales from the ATM, end to end in Chromium', () => {
  it('the ATM simulator refuses bad input and plays an attested and an unattested sale', async () => {
    const bad = await atmSale(['--sats', 'many', '--fiat', '100'])
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('--sats must be a whole number') })
    const good = await atmSale(['--sats', '21000', '--fiat', '10000', '--txid', 'plaza-1'])
    expect(good.code).toBe(0)
    expect(JSON.parse(good.stdout)).toMatchObject({
      txid: 'plaza-1',
      attested: true,
      payment_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    const bare = await atmSale(['--sats', '5000', '--fiat', '0', '--forge', 'unattested'])
    expect(JSON.parse(bare.stdout)).toMatchObject({ attested: false })
    // a cash-in: the machine wallet (holding the sales above) pays the customer
    const cashIn = await atmSale(['--sats', '3000', '--fiat', '2000', '--txid', 'plaza-in-1'], 'cash-in')
    expect(cashIn.code).toBe(0)
    expect(JSON.parse(cashIn.stdout)).toMatchObject({ txid: 'plaza-in-1', direction: 'cash_in', attested: true })
    expect(await peer.balanceMsat(w.machine.inkey)).toBe((21_000 + 5_000 - 3_000) * 1000)
  })

  it('Sync now turns the attested sale into a settlement and lists the other for the operator', async () => {
    await page.locator('[data-test="nav-settlements"]').click()
    await page.locator('[data-test="unattributed-empty"]').waitFor()
    await page.locator('[data-test="sync-now"]').click()
    await page.getByText(/2 new sales, 0 rejected, 1 without attestation; 2 settlements paid or tried/).waitFor()
    const row = page.locator('[data-test="settlements-table"] tbody tr', { hasText: 'plaza-1' })
    await expect.poll(() => row.innerText()).toMatch(/plaza-1\s+LNbits\s+Cash-out\s+21,000 sats\s+Q\s?100\.00\s+Completed/) // no LPs yet: the sats stay with the operator
    // the cash-in's commission stays in the machine wallet (no splits, no platform fee here)
    const cashIn = page.locator('[data-test="settlements-table"] tbody tr', { hasText: 'plaza-in-1' })
    await expect.poll(() => cashIn.innerText()).toMatch(/plaza-in-1\s+LNbits\s+Cash-in\s+3,000 sats\s+Q\s?20\.00\s+Completed/)
    const waiting = page.locator('[data-test="unattributed-table"] tbody tr')
    await expect.poll(() => waiting.innerText()).toMatch(/Plaza ATM\s+5,000 sats/)
    await expect.poll(() => page.locator('[data-test="sync-status"]').innerText()).toMatch(/Plaza ATM: read .*, 3 payments so far/)
  })

  it('passes axe-core there, and the operator dismisses the stray payment with a reason', async () => {
    expect(await wcagViolations(page)).toEqual([])
    await page.locator('[data-test="unattributed-table"] tbody tr').getByRole('button', { name: 'Dismiss' }).click()
    await page.locator('[data-test="submit"]').click()
    await page.getByText('Reason is required').waitFor()
    await page.locator('[data-test="field-reason"]').fill('test payment by the technician')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="dismiss-form"]').waitFor({ state: 'detached' })
    await page.locator('[data-test="unattributed-empty"]').waitFor()
    const listed = await satop(['call', 'unattributed.list', '{"status":"dismissed"}', '--data-dir', dir.path])
    expect(listed.json).toMatchObject({
      items: [{ amount_msat: 5_000_000, status: 'dismissed', reason: 'test payment by the technician', resolved_by: 'bridge' }],
    })
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-ingestion.png'), fullPage: true })
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

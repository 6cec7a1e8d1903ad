/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode, nsecEncode } from 'nostr-tools/nip19'
import type { Browser, Page } from 'playwright-core'
import { AtmNostr } from '../../src-main/atm-sim/nostr'
import { ARTIFACTS, animationsSettled, wcagViolations, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { BunkerPeer } from '../support/bunker'
import { atmSim, satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { RelayPeer } from '../support/relay'
import { tempDir } from '../support/tmp'

// The operator pairs their phone (a real NIP-46 bunker) by scanning a nostrconnect:// QR code,
// then adjusts an ATM's cassettes, which the ATM (simulated) receives over a real relay.
const dir = tempDir('satop-e2e-nostr-')
let server: E2eApp['server']
let browser: Browser
let page: Page
let relay: RelayPeer
let bunker: BunkerPeer
const pageErrors: string[] = []
const atmKey = generateSecretKey()

const settled = () => animationsSettled(page)
const go = (nav: string) => page.locator(`[data-test="nav-${nav}"]`).click()
const audit = () => wcagViolations(page)

/** `npm run atm -- <state|read> …` as this ATM, against the test relay and the paired phone's key. */
const atmCli = (args: string[]) =>
  atmSim([...args, '--relay', relay.url, '--machine-nsec', nsecEncode(atmKey), '--operator', bunker.pubkey])

beforeAll(async () => {
  relay = await RelayPeer.start()
  bunker = new BunkerPeer(relay)
  await bunker.start()
  const created = await satop([
    'call',
    'machines.create',
    JSON.stringify(machineArgs({ name: 'Plaza ATM', machine_npub: npubEncode(getPublicKey(atmKey)) })),
    '--data-dir',
    dir.path,
  ])
  if (created.code !== 0) throw new Error(created.stdout)
  // Every round here is started by the test: one started by the clock (every 30 s) could deliver
  // an edited fee config before the page shows it waiting, which the test watches for.
  ;({ server, browser, page } = await openE2eApp(dir.path, pageErrors, { SATOP_SYNC_INTERVAL_MS: String(3_600_000) }))
}, 60_000)

afterEach((ctx) => screenshotIfFailed(page, 'nostr', ctx))

afterAll(async () => {
  await closeE2eApp({ browser, server })
  await bunker?.stop()
  await relay?.destroy()
  dir.remove()
})

describe('Nostr, end to end in Chromium', () => {
  it('adds a relay, then pairs the phone by its QR code', async () => {
    await go('settings')
    await page.locator('[data-test="relays-empty"]').waitFor()
    await page.locator('[data-test="pair-phone"]').click()
    await page.getByText('Add a relay first').waitFor() // the phone and the app meet on a relay
    await page.locator('[data-test="add-relay"]').click()
    await page.locator('[data-test="field-url"]').fill('http://not-a-relay')
    await page.locator('[data-test="submit"]').click()
    await page.getByText('must be a relay address').first().waitFor()
    await page.locator('[data-test="field-url"]').fill(relay.url)
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="relay-form"]').waitFor({ state: 'detached' })
    await page.locator(`[data-test="relay-${relay.url}"]`).waitFor()

    await page.locator('[data-test="pair-phone"]').click()
    const qr = page.locator('[data-test="pairing-qr"]')
    await qr.waitFor()
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    const uri = (await page.locator('[data-test="pairing-uri"]').getAttribute('data-uri'))!
    expect(uri).toMatch(/^nostrconnect:\/\/[0-9a-f]{64}\?/)
    await settled()
    await page.locator('[data-test="signer"]').screenshot({ path: join(ARTIFACTS, 'e2e-nostrconnect.png') })
    expect(await audit()).toEqual([])

    await relay.waitForReq((filters) => JSON.stringify(filters).includes(new URL(uri).hostname))
    await bunker.acceptNostrConnect(uri)
    await expect.poll(() => page.locator('[data-test="signer-state"]').innerText(), { timeout: 15_000 }).toBe('Ready')
    expect(await page.locator('[data-test="signer-npub"]').innerText()).toBe(npubEncode(bunker.pubkey))
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-signer-paired.png') })
  })

  it('shows "waiting for the ATM", then its bays; the edited counts reach the ATM, signed by the phone', async () => {
    await go('cassettes')
    await page.locator('[data-test="cassettes-waiting"]').waitFor()
    // the ATM's bootstrap state, from the ATM simulator's own command line
    const published = await atmCli([
      'state',
      '--positions',
      JSON.stringify({ '1': { denomination: 20, count: 100 }, '2': { denomination: 50, count: 40 } }),
    ])
    expect(published).toMatchObject({
      code: 0,
      json: { published: expect.stringMatching(/^[0-9a-f]{64}$/), d: `bitspire-cassettes-state:${getPublicKey(atmKey)}` },
    })
    expect(await atmCli(['state', '--positions', '{"0":{"denomination":20,"count":1}}'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--positions: 0 is not a bay (bays are whole numbers from 1)'),
    })
    const atm = new AtmNostr(atmKey, bunker.pubkey)
    await page.locator('[data-test="cassettes-sync"]').click()
    const rows = page.locator('[data-test="cassettes-table"] tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(0).innerText()).toMatch(/Bay 1\s+20 × 100\s+the ATM/)
    await page.locator('[data-test="count-1"]').fill('180')
    await page.locator('[data-test="denomination-2"]').fill('100')
    await page.locator('[data-test="publish-cassettes"]').click()
    // what will be sent, against the ATM's last report, before anything is
    const preview = page.locator('[data-test="send-preview"]')
    await preview.waitFor()
    expect(await preview.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/Bay 1\s+20\s+180\s+\+80 notes/),
      expect.stringMatching(/Bay 2\s+100\s+40\s+denomination 50 → 100, same count/),
    ])
    await settled()
    expect(await audit()).toEqual([])
    await page.getByRole('button', { name: 'Send to the ATM', exact: true }).click()
    await page.getByText('Saved. It goes to the ATM').waitFor()
    await page.locator('[data-test="cassettes-sync"]').click()
    await expect.poll(() => atm.read(relay.url, 'cassettes'), { timeout: 15_000 }).not.toBeNull()
    const received = await atm.read(relay.url, 'cassettes')
    expect(received?.event.pubkey).toBe(bunker.pubkey)
    expect(received?.content).toEqual({ positions: { '1': { denomination: 20, count: 180 }, '2': { denomination: 100, count: 40 } } })
    // the simulator's read command decrypts the same
    expect((await atmCli(['read', '--what', 'cassettes'])).json).toMatchObject({ event_id: received!.event.id, content: received!.content })

    // The ATM reports again, differently: what was loaded stays, the bay is marked, and the ATM's values can be taken.
    await atmCli(['state', '--positions', JSON.stringify({ '1': { denomination: 20, count: 175 }, '2': { denomination: 100, count: 40 } })])
    await page.locator('[data-test="cassettes-sync"] .q-spinner').waitFor({ state: 'detached' })
    await page.locator('[data-test="cassettes-sync"]').click()
    await expect.poll(() => rows.nth(0).innerText(), { timeout: 15_000 }).toMatch(/20 × 175/)
    await page.locator('[data-test="differs-1"]').waitFor()
    expect(await page.locator('[data-test="differs-2"]').count()).toBe(0)
    expect(await page.locator('[data-test="count-1"]').inputValue()).toBe('180')
    await page.locator('[data-test="take-atm-1"]').click()
    expect(await page.locator('[data-test="count-1"]').inputValue()).toBe('175')
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-cassettes-differ.png') })
    await page.locator('[data-test="cassettes-sync"] .q-spinner').waitFor({ state: 'detached' }) // the round is over
    await settled()
    expect(await audit()).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-cassettes.png') })
  })

  it("shows on the machine's page that the relay took its fee config, and the ATM reads the same fees", async () => {
    await go('machines')
    await page.locator('[data-test="machines-table"] tbody tr', { hasText: 'Plaza ATM' }).click()
    await page.locator('[data-test="tab-delivery"]').click()
    // queued when the machine was added, sent by the rounds above, signed by the phone
    await page.locator('[data-test="delivery-state"][data-state="delivered"]').getByText('1 relay took them').waitFor()
    const relayRow = page.locator('[data-test="delivery-relays"] tbody tr')
    expect(await relayRow.innerText()).toContain(relay.url)
    expect(await relayRow.innerText()).toContain('Took it')
    const atm = new AtmNostr(atmKey, bunker.pubkey)
    const fees = await atm.read(relay.url, 'fees')
    expect(fees?.event.pubkey).toBe(bunker.pubkey)
    expect(fees?.content).toMatchObject({ fiat_code: 'GTQ', cash_in: { operator: '0.0300' }, cash_out: { operator: '0.0350' } })

    // an edit queues a new one, which waits until it is sent
    await page.locator('[data-test="edit-machine"]').click()
    await page.locator('input[data-test="field-fee-out"]').fill('4')
    await page.locator('[data-test="submit"]').click()
    await page.locator('[data-test="machine-form"]').waitFor({ state: 'detached' })
    await page.locator('[data-test="delivery-state"][data-state="waiting"]').waitFor()
    await page.locator('[data-test="delivery-send"]').click()
    await page.locator('[data-test="delivery-state"][data-state="delivered"]').waitFor({ timeout: 15_000 })
    await expect
      .poll(async () => (await atm.read(relay.url, 'fees'))?.content, { timeout: 15_000 })
      .toMatchObject({ cash_out: { operator: '0.0400' } })
    await animationsSettled(page)
    expect(await audit()).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-fee-config-delivered.png') })
  })

  it('never shows a secret, and raised no errors in the page', async () => {
    expect(await page.content()).not.toMatch(/nsec1|ncryptsec1/)
    expect(await page.content()).not.toContain(bunker.secret)
    expect(pageErrors).toEqual([])
  })
})

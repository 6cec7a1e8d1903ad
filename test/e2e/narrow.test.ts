/// <reference lib="dom" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ARTIFACTS, openE2eApp, screenshotIfFailed, closeE2eApp, type E2eApp } from '../support/browser'
import { satopCall } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import { nav } from '../../src-renderer/src/nav'

// A 1024x640 laptop, and the window's minimum width (900): every table keeps its status and action
// columns inside the window, with nothing cut off unseen.
const dir = tempDir('satop-e2e-narrow-')
let app: E2eApp | undefined
const pageErrors: string[] = []

const cli = <T>(command: string, args: unknown) => satopCall<T>(dir.path, command, args)

let machineId = ''
/** every section, and the machine page's tables */
const pages = () => [
  ...nav.map((e) => ({ name: e.name, path: e.path })),
  { name: 'machine-lps', path: `/machines/${machineId}?tab=lps` },
  { name: 'machine-settlements', path: `/machines/${machineId}?tab=settlements` },
]

beforeAll(async () => {
  const machine = await cli<{ id: string }>(
    'machines.create',
    machineArgs({ name: 'Cajero Plaza Zona 10', location: 'Centro Comercial Plaza, Zona 10' }),
  )
  const lp = await cli<{ id: string }>('clients.create', {
    machine_id: machine.id,
    name: 'Ana María López de León',
    payout_destination: 'ana.maria.lopez@example.com',
  })
  await cli('deposits.create', {
    client_id: lp.id,
    machine_id: machine.id,
    amount: 1_250_050,
    note: 'efectivo entregado en la oficina central',
  })
  await cli('settlements.record', {
    machine_id: machine.id,
    txid: 'plaza-zona10-0001',
    direction: 'cash_out',
    crypto_atoms: 1_266_800,
    fiat_amount: 120_000,
  })
  machineId = machine.id
  app = await openE2eApp(dir.path, pageErrors)
}, 90_000)
afterEach((ctx) => screenshotIfFailed(app?.page, 'narrow', ctx))
afterAll(async () => {
  await closeE2eApp(app ?? {})
  dir.remove()
})

describe('narrow windows', () => {
  for (const [width, height] of [
    [1024, 640],
    [900, 600],
  ] as const) {
    it(`${width}x${height}: every table's last column is inside the window, or its table says it scrolls`, async () => {
      const { page } = app!
      await page.setViewportSize({ width, height })
      const clipped: string[] = []
      for (const entry of pages()) {
        // by the address: below 1024 px the menu is a drawer that opens over the page
        await page.evaluate((path) => (location.hash = `#${path}`), entry.path)
        await page.waitForURL((url) => url.hash === `#${entry.path}`)
        await page.waitForLoadState('networkidle').catch(() => undefined)
        await page.waitForTimeout(300)
        clipped.push(
          ...(
            await page.evaluate((w) => {
              const out: string[] = []
              for (const table of Array.from(document.querySelectorAll('.q-table__container'))) {
                const rows = table.querySelectorAll('thead tr, tbody tr')
                for (const tr of Array.from(rows)) {
                  const last = tr.lastElementChild as HTMLElement | null
                  if (!last) continue
                  const right = last.getBoundingClientRect().right
                  if (right > w + 1)
                    out.push(`${table.getAttribute('data-test') ?? 'a table'}: its last column ends at ${Math.round(right)} px`)
                }
              }
              return [...new Set(out)]
            }, width)
          ).map((c) => `${entry.name}: ${c}`),
        )
        await page.screenshot({ path: join(ARTIFACTS, `narrow-${width}-${entry.name}.png`) })
      }
      expect(clipped).toEqual([])
      expect(pageErrors).toEqual([])
    }, 120_000)
  }
})

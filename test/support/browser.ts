/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import axe from 'axe-core'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { TestContext } from 'vitest'
import { startServe } from './serve'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Where e2e screenshots go: outside the work tree (SATOP_TEST_ARTIFACTS chooses another folder). */
export const ARTIFACTS = process.env.SATOP_TEST_ARTIFACTS ?? join(tmpdir(), 'satop-test-artifacts')

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does).`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The closed network here refuses Chromium's background connections: switch them off.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A page on the app in browser mode, connected to the bridge; page errors and console errors are collected. */
export async function openApp(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(url)
  await page.locator('[data-test="connection"][data-state="connected"]').waitFor()
  return page
}

/** The app of one e2e file: the real browser-mode process on a data folder, Chromium, and the page on it. */
export interface E2eApp {
  server: Awaited<ReturnType<typeof startServe>>
  browser: Browser
  page: Page
}

/** Starts serve on `dataDir` (with `env`), opens the app in Chromium; page and console errors go to `errors`. */
export async function openE2eApp(dataDir: string, errors: string[], env: NodeJS.ProcessEnv = {}): Promise<E2eApp> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const server = await startServe(dataDir, env)
  const browser = await launchChromium()
  return { server, browser, page: await openApp(browser, server.url, errors) }
}

/** For afterEach: the page of a test that failed, as `failed-<file>-<test>.png`. */
export async function screenshotIfFailed(page: Page | undefined, file: string, ctx: TestContext): Promise<void> {
  if (ctx.task.result?.state === 'fail' && page)
    await page.screenshot({ path: join(ARTIFACTS, `failed-${file}-${ctx.task.name.replace(/\W+/g, '-')}.png`) })
}

/** For afterAll: Chromium closed, then the serve process stopped (either may never have started). */
export async function closeE2eApp(app: Partial<Pick<E2eApp, 'browser' | 'server'>>): Promise<void> {
  await app.browser?.close()
  await app.server?.stop()
}

/** Resolves once the page's running animations (dialogs, ripples) have finished: screenshots and audits see the end state. */
export function animationsSettled(page: Page): Promise<void> {
  return page.evaluate(() => Promise.allSettled(document.getAnimations().map((a) => a.finished)).then(() => undefined))
}

/**
 * The notifications that time out have gone: one fading in or out is measured half transparent
 * (on a loaded machine they also outlive the test step that raised them).
 */
export async function toastsGone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.q-notification').length === 0, undefined, { timeout: 20_000 })
}

/** axe-core's WCAG 2 A/AA violations on the page as it is, each with where and why (once the toasts have gone). */
export async function wcagViolations(page: Page): Promise<string[]> {
  await toastsGone(page)
  await page.evaluate(axe.source) // via DevTools, so the page's CSP (no inline scripts) stays on
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
    })
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)} ${n.failureSummary}`).join(', ')}`,
    )
  })
}

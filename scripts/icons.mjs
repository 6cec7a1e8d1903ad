#!/usr/bin/env node
// Renders build/icon.svg, the one source image, to build/icon.png (1024 px), from which
// electron-builder makes the Windows .ico, the macOS .icns and the Linux icon sizes. Uses Debian's
// Chromium through playwright-core (no browser is downloaded): `node scripts/icons.mjs`.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build')
const svg = readFileSync(join(build, 'icon.svg'), 'utf8')
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
  await page.locator('svg').screenshot({ path: join(build, 'icon.png'), omitBackground: true })
} finally {
  await browser.close()
}

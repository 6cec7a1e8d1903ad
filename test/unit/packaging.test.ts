import { describe, expect, it } from 'vitest'
import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { createRequire } from 'node:module'
import Ajv from 'ajv'
import { PROJECT_ROOT } from '../support/tmp'

// No machine here can download Electron, so the installer configuration is checked another way:
// against electron-builder's own schema, and by running electron-builder's own file matcher over
// this checkout to list exactly what the app would carry.
const require = createRequire(import.meta.url)
const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'build', 'electron-builder.json'), 'utf8')) as Record<string, unknown>

/** What electron-builder's `files` patterns take from the project folder (its own matcher, its own default exclusions). */
function packagedFiles(): string[] {
  const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
    getFileMatchers(
      c: unknown,
      name: 'files',
      dest: string,
      o: { macroExpander: (s: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
    ): { createFilter(): (file: string, stat: ReturnType<typeof lstatSync>) => boolean }[]
  }
  const [matcher] = getFileMatchers(config, 'files', '/app', {
    macroExpander: (s) => s,
    customBuildOptions: {},
    globalOutDir: join(PROJECT_ROOT, 'dist'),
    defaultSrc: PROJECT_ROOT,
  })
  const take = matcher!.createFilter()
  const found: string[] = []
  // node_modules is collected apart (production dependencies only), as electron-builder does
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (dir === PROJECT_ROOT && (name === 'node_modules' || name === '.git')) continue
      const stat = lstatSync(path)
      if (!take(path, stat)) continue
      if (stat.isDirectory()) walk(path)
      else found.push(relative(PROJECT_ROOT, path).split(sep).join('/'))
    }
  }
  walk(PROJECT_ROOT)
  return found.sort()
}

/** The packages npm counts as production dependencies (what electron-builder copies into the app's node_modules). */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>
  }
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith('node_modules/') && !p.dev && !p.devOptional)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
}

describe('the installer configuration (build/electron-builder.json)', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true)
    // and it fails on what is not a configuration, so the check can fail
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false)
  })

  it('takes the built app and nothing else from the checkout: no sources, tests, docs, scripts, data or native builds', () => {
    const files = packagedFiles()
    const allowed =
      /^(package\.json|out\/main\/(index|cli|core-process)\.js|out\/main\/chunks\/[^/]+\.js|out\/preload\/index\.cjs|out\/renderer\/.+)$/
    expect(files.filter((f) => !allowed.test(f))).toEqual([])
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'out/main/index.js',
        'out/main/cli.js',
        'out/main/core-process.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
      ]),
    )
    expect(files.some((f) => f.endsWith('.map'))).toBe(false)
  })

  it('carries only runtime dependencies: the renderer is bundled, and no tool of the build or the tests ships', () => {
    const prod = productionPackages()
    expect(prod).toEqual(expect.arrayContaining(['better-sqlite3', 'kysely', 'nostr-tools', 'ws', 'zod', 'read', 'qrcode']))
    for (const notShipped of [
      'vue',
      'quasar',
      'pinia',
      'vue-router',
      '@quasar/extras',
      'electron',
      'electron-builder',
      'vitest',
      'playwright-core',
      'typescript',
      'ajv',
    ])
      expect(prod, notShipped).not.toContain(notShipped)
  })

  it('unpacks better-sqlite3 from the ASAR (a native module cannot load from inside it) and sets the fuses', () => {
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**'])
    expect(config.npmRebuild).toBe(true) // rebuilt for Electron's ABI
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    })
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'], hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' },
    })
  })
})

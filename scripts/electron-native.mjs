#!/usr/bin/env node
// Builds better-sqlite3 a second time, for Electron's ABI, into .satop-native/electron-<version>/.
// `npm install` builds it for Node (tests, CLI, bridge); the desktop app loads this copy instead
// (src-main/shell/native.ts), so neither build ever overwrites the other.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
const outDir = join(root, '.satop-native', `electron-${electronVersion}`)
const target = join(outDir, 'better_sqlite3.node')

if (existsSync(target)) process.exit(0)

const work = join(root, '.satop-native', 'work', 'better-sqlite3')
rmSync(work, { recursive: true, force: true })
mkdirSync(dirname(work), { recursive: true })
cpSync(join(root, 'node_modules', 'better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
})

// A user-level nodedir (pointing at Node's headers) must not leak into a build for Electron.
const env = { ...process.env }
delete env.npm_config_nodedir
delete env.NPM_CONFIG_NODEDIR

process.stdout.write(`Building better-sqlite3 for Electron ${electronVersion} (once; about a minute)…\n`)
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: work, env, stdio: 'inherit' },
  )
  mkdirSync(outDir, { recursive: true })
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
  rmSync(dirname(work), { recursive: true, force: true })
  process.stdout.write(`Ready: ${target}\n`)
} catch (e) {
  rmSync(dirname(work), { recursive: true, force: true })
  process.stderr.write(
    `\nCould not build better-sqlite3 for Electron ${electronVersion}: ${e.message}\n` +
      "The desktop app needs Electron's headers (node-gyp downloads them) and a C++ toolchain (python3, make, a C++ compiler).\n" +
      'Browser mode (`npm run serve`), the CLI and the tests do not need this build.\n',
  )
  process.exit(1)
}

import { join } from 'node:path'

/**
 * better-sqlite3 is compiled for Node by `npm install` (tests, CLI, bridge). Electron has
 * another ABI, so `npm start` builds a second copy here (scripts/electron-native.mjs) and
 * the shell points better-sqlite3 at it. A packaged app is rebuilt by electron-builder.
 */
export function devNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return join(projectRoot, '.satop-native', `electron-${electronVersion}`, 'better_sqlite3.node')
}

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Native better-sqlite3 and child processes: separate processes are the safe default.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

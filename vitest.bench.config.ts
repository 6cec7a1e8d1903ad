import { defineConfig } from 'vitest/config'

// `npm run bench`: figures printed next to a floor measured in the same run; no timed assertions.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['bench/support/global-setup.ts'],
    pool: 'forks',
    // memory figures are taken after a full collection (bench/support/report.ts)
    execArgv: ['--expose-gc'],
    // One file at a time: each figure has the machine's two cores to itself.
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
  },
})

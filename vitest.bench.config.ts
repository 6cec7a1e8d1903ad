import { defineConfig } from 'vitest/config'

// `npm run bench`: figures printed next to a floor measured in the same run; no timed assertions.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
  },
})

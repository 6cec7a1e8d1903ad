import { describe, expect, it } from 'vitest'
import { cruise, type IViolation } from 'dependency-cruiser'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../support/tmp'

const require = createRequire(import.meta.url)
const config = require(join(PROJECT_ROOT, '.dependency-cruiser.cjs')) as { forbidden: never; options: Record<string, unknown> }

async function violations(baseDir: string): Promise<IViolation[]> {
  const result = await cruise(['src-shared', 'src-main', 'src-renderer', 'migrations'], {
    ...config.options,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    baseDir,
    exclude: { path: '(^|/)out/' },
    tsConfig: { fileName: join(PROJECT_ROOT, 'tsconfig.node.json') },
  })
  if (typeof result.output === 'string') throw new Error('expected a structured result')
  return result.output.summary.violations
}

const pairs = (vs: IViolation[]) => vs.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^(\.\.\/)+/, '')}`).sort()

describe('the layer rules (docs/architecture.md#layers)', () => {
  it('holds for the project', async () => {
    expect(pairs(await violations(PROJECT_ROOT))).toEqual([])
  }, 60_000)

  it('catches every kind of crossing (a planted tree of violations)', async () => {
    const found = pairs(await violations(join(PROJECT_ROOT, 'test', 'fixtures', 'layer-violations')))
    expect(found).toEqual(
      [
        'core-imports-shared-only: src-main/core/uses-bridge.ts -> src-main/bridge/thing.ts',
        'electron-only-in-shell: src-main/core/uses-electron.ts -> node_modules/electron/index.js',
        'handlers-only-from-the-command-table: src-main/core/fees/uses-handler.ts -> src-main/core/machines/handlers.ts',
        'no-cycles: src-main/core/cycle-a.ts -> src-main/core/cycle-b.ts',
        'electron-only-in-shell: src-renderer/uses-electron.ts -> node_modules/electron/index.js',
        'renderer-imports-shared-only: src-renderer/uses-core.ts -> src-main/core/thing.ts',
        'renderer-no-node: src-renderer/uses-node.ts -> fs',
        'shared-imports-nothing-of-ours: src-shared/uses-core.ts -> src-main/core/thing.ts',
        'shared-no-node: src-shared/uses-node.ts -> crypto',
        'transports-do-not-import-each-other: src-main/cli/uses-shell.ts -> src-main/shell/thing.ts',
      ].sort(),
    )
  }, 60_000)
})

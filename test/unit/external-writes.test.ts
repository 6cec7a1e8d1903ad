import { afterEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../src-shared/contract/events'
import { coreAt, ok } from '../support/ledger-fixture'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

describe('writes by another process', () => {
  it('reach an open core as ledger.changedElsewhere within a moment; its own writes do not', async () => {
    const dir = tempDir()
    cleanup.push(() => dir.remove())
    // the app (background on, an hour between sync rounds so only the watch runs) and the CLI on one folder
    const app = coreAt(dir.path, { background: { syncIntervalMs: 3_600_000, externalWritesMs: 50 } })
    cleanup.push(() => app.close())
    const seen: PushEvent[] = []
    app.onEvent((e) => void (e.name === 'ledger.changedElsewhere' && seen.push(e)))
    await ok(app, 'machines.create', machineArgs({ name: 'Own write' }))
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toEqual([])

    const cli = coreAt(dir.path)
    cleanup.push(() => cli.close())
    await ok(cli, 'machines.create', machineArgs({ name: 'From the CLI' }))
    await expect.poll(() => seen.length, { timeout: 2_000 }).toBe(1)
    expect(seen[0]).toEqual({ name: 'ledger.changedElsewhere', payload: {} })
    // told once per change, not on every look
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toHaveLength(1)
    // another process's bookkeeping that adds nothing to the audit log (a sync round with nothing bound) is not told
    await ok(cli, 'sync.run', {})
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toHaveLength(1)
  })
})

import { describe, expect, it } from 'vitest'
import type { CoreClient } from '../../src-main/core-process/client'
import type { PushEvent } from '../../src-shared/contract/events'
import { superviseCore } from '../../src-main/shell/core-supervisor'

/** A core process the test can crash: its exit listeners, its events, and whether it was closed. */
function fakeClient(n: number) {
  const exits: ((code: number | null) => void)[] = []
  const events: ((e: PushEvent) => void)[] = []
  const client = {
    n,
    closed: false,
    dataDir: '/d',
    ledgerPath: '/d/ledger.sqlite',
    call: async () => ({ ok: true as const, result: n }),
    onEvent: (l: (e: PushEvent) => void) => (events.push(l), () => undefined),
    onExit: (l: (code: number | null) => void) => void exits.push(l),
    exited: (code: number | null) => exits.forEach((l) => l(code)),
    close: async () => void (client.closed = true),
    push: (e: PushEvent) => events.forEach((l) => l(e)),
  }
  return client
}

describe('the core supervisor', () => {
  it('starts a crashed core again, backing off across crashes until one stays up', async () => {
    const started: ReturnType<typeof fakeClient>[] = []
    const at: number[] = []
    const core = await superviseCore(
      async () => {
        at.push(Date.now())
        const c = fakeClient(started.length)
        started.push(c)
        return c as unknown as CoreClient
      },
      { retryMs: 50, stableMs: 10_000, log: () => undefined },
    )
    const seen: PushEvent[] = []
    core.onEvent((e) => seen.push(e))
    for (let crash = 0; crash < 3; crash++) {
      started.at(-1)!.exited(1)
      await expect.poll(() => started.length, { timeout: 2_000 }).toBe(crash + 2)
    }
    // the first restart is at once, the next ones wait 50 then 100 ms: a core crashing soon after it starts does not spin
    const gaps = at.slice(1).map((t, i) => t - at[i]!)
    expect(gaps[1]).toBeGreaterThanOrEqual(45)
    expect(gaps[2]).toBeGreaterThanOrEqual(95)
    expect(seen.filter((e) => e.name === 'core.restarted')).toHaveLength(3)
    // events of the current core reach the listeners once, an old core's no longer matter
    started.at(-1)!.push({ name: 'processing.changed', payload: { paused: true } })
    expect(seen.filter((e) => e.name === 'processing.changed')).toHaveLength(1)
    expect(await core.call('machines.list', {}, { actor: 'ui' })).toEqual({ ok: true, result: 3 })
  })

  it('a quit during a restart closes the core being started, once it is up (its quit backup is taken)', async () => {
    const started: ReturnType<typeof fakeClient>[] = []
    let release!: () => void
    const core = await superviseCore(
      async () => {
        if (started.length === 1) await new Promise<void>((r) => (release = r))
        const c = fakeClient(started.length)
        started.push(c)
        return c as unknown as CoreClient
      },
      { retryMs: 10, log: () => undefined },
    )
    started[0]!.exited(1)
    expect(await core.call('machines.list', {}, { actor: 'ui' })).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    const closing = core.close()
    await expect.poll(() => typeof release, { timeout: 2_000 }).toBe('function')
    release()
    await closing
    expect(started).toHaveLength(2)
    expect(started[1]!.closed).toBe(true)
  })
})

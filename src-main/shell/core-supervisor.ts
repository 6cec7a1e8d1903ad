import type { Core } from '../core/core'
import type { CoreClient } from '../core-process/client'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'

/** A core that stayed up this long is healthy again: the next crash restarts it at once. */
const STABLE_MS = 60_000

/**
 * The desktop app's core, in a process of its own that is started again when it ends unasked (a
 * crash, the OS killing it). Calls made meanwhile are answered `unavailable` with what is
 * happening; every window is told once the new core is up (`core.restarted`). Restarts back off
 * from `retryMs` to half a minute, across crashes too, until a core stays up a minute.
 */
export async function superviseCore(
  start: () => Promise<CoreClient>,
  opts: { retryMs?: number; stableMs?: number; log(message: string): void },
): Promise<Core> {
  const listeners = new Set<(e: PushEvent) => void>()
  const emit = (e: PushEvent) => {
    for (const l of listeners) {
      try {
        l(e)
      } catch (err) {
        opts.log(`a listener of the core's events failed: ${(err as Error).message}`)
      }
    }
  }
  let quitting = false
  let current: CoreClient | null = null
  let starting: Promise<CoreClient | null> | null = null
  let failures = 0
  let upSince = 0

  const attach = (client: CoreClient) => {
    current = client
    upSince = Date.now()
    client.onEvent(emit)
    client.onExit((code) => {
      if (quitting || current !== client) return
      current = null
      if (Date.now() - upSince >= (opts.stableMs ?? STABLE_MS)) failures = 0
      starting = restart(code === null ? 'it was stopped' : `it exited with code ${code}`)
    })
  }

  const pause = () => new Promise((r) => setTimeout(r, Math.min(30_000, (opts.retryMs ?? 1_000) * 2 ** Math.max(0, failures - 1))))

  async function restart(reason: string): Promise<CoreClient | null> {
    opts.log(`the core stopped (${reason}); starting it again`)
    while (!quitting) {
      if (failures++ > 0) await pause()
      if (quitting) return null
      let client: CoreClient
      try {
        client = await start()
      } catch (e) {
        opts.log(`the core could not be started again: ${(e as Error).message}`)
        continue
      }
      if (quitting) {
        await client.close()
        return null
      }
      attach(client)
      emit({ name: 'core.restarted', payload: { reason } })
      return client
    }
    return null
  }

  const first = await start()
  attach(first)
  return {
    dataDir: first.dataDir,
    ledgerPath: first.ledgerPath,
    call: (name, args, ctx) => (current ? current.call(name, args, ctx) : Promise.resolve(restarting())),
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      quitting = true
      // a core being started again is closed too, once it is up (its quit backup is taken)
      await starting
      await current?.close()
    },
  }
}

const restarting = (): Reply => ({
  ok: false,
  error: { code: 'unavailable', message: 'The app’s core stopped and is being started again. Try again in a moment.' },
})

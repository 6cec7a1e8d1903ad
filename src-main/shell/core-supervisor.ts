import type { Core } from '../core/core'
import type { CoreClient } from '../core-process/client'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'

/**
 * The desktop app's core, in a process of its own that is started again when it ends unasked (a
 * crash, the OS killing it). Calls made meanwhile are answered `unavailable` with what is
 * happening; every window is told once the new core is up (`core.restarted`). Attempts back off
 * from `retryMs` to half a minute.
 */
export async function superviseCore(
  start: () => Promise<CoreClient>,
  opts: { retryMs?: number; log(message: string): void },
): Promise<Core> {
  const listeners = new Set<(e: PushEvent) => void>()
  const emit = (e: PushEvent) => {
    for (const l of listeners) l(e)
  }
  let quitting = false
  let current: CoreClient | null = null

  const attach = (client: CoreClient) => {
    current = client
    client.onEvent(emit)
    client.onExit((code) => {
      if (quitting || current !== client) return
      current = null
      void restart(code === null ? 'it was stopped' : `it exited with code ${code}`)
    })
  }

  async function restart(reason: string): Promise<void> {
    opts.log(`the core stopped (${reason}); starting it again`)
    for (let attempt = 0; !quitting; attempt++) {
      try {
        attach(await start())
        emit({ name: 'core.restarted', payload: { reason } })
        return
      } catch (e) {
        opts.log(`the core could not be started again: ${(e as Error).message}`)
        await new Promise((r) => setTimeout(r, Math.min(30_000, (opts.retryMs ?? 1_000) * 2 ** attempt)))
      }
    }
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
      await current?.close()
    },
  }
}

const restarting = (): Reply => ({
  ok: false,
  error: { code: 'unavailable', message: 'The app’s core stopped and is being started again. Try again in a moment.' },
})

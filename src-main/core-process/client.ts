import type { Core } from '../core/core'
import type { CallContext } from '../core/env'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'
import type { KeyProtector } from '../core/signer/signer-host'
import type { FromCore, Port, ToCore } from './messages'

/** The main process's side: the Core interface over the channel to the core's process. */
export interface CoreClient extends Core {
  /** the core's process ended without being asked: every call waiting was answered `unavailable` */
  onExit(listener: (code: number | null) => void): void
  /** to be called when the process exits */
  exited(code: number | null): void
}

type OpenOptions = Omit<Extract<ToCore, { type: 'open' }>, 'type' | 'keychain'>

/**
 * Opens the ledger in the core's process and resolves once it is open (rejects with why it could
 * not be). `keychain`: the main process's OS keychain, which the core reaches through the channel.
 */
export async function connectCore(port: Port, opts: OpenOptions, keychain?: KeyProtector, closeTimeoutMs = 120_000): Promise<CoreClient> {
  let nextId = 1
  const waiting = new Map<number, (reply: Reply) => void>()
  const listeners = new Set<(event: PushEvent) => void>()
  const exitListeners = new Set<(code: number | null) => void>()
  let gone = false
  let onReady: ((m: FromCore) => void) | undefined
  let onClosed: (() => void) | undefined
  port.onMessage((raw) => {
    const m = raw as FromCore
    if (m.type === 'reply') {
      waiting.get(m.id)?.(m.reply)
      waiting.delete(m.id)
    } else if (m.type === 'event') for (const l of listeners) l(m.event)
    else if (m.type === 'keychain') void answerKeychain(m)
    else if (m.type === 'ready' || m.type === 'failed') onReady?.(m)
    else if (m.type === 'closed') onClosed?.()
  })
  const post = (m: ToCore) => port.postMessage(m)
  async function answerKeychain(m: Extract<FromCore, { type: 'keychain' }>): Promise<void> {
    try {
      if (!keychain?.available()) throw new Error('no OS keychain here')
      const data =
        m.op === 'encrypt' ? (await keychain.encrypt(m.data)).toString('base64') : await keychain.decrypt(Buffer.from(m.data, 'base64'))
      post({ type: 'keychain-reply', id: m.id, ok: true, data })
    } catch (e) {
      post({ type: 'keychain-reply', id: m.id, ok: false, message: (e as Error).message })
    }
  }
  const opened = await new Promise<FromCore>((resolve) => {
    onReady = resolve
    post({ type: 'open', ...opts, keychain: keychain?.available() ?? false })
  })
  if (opened.type === 'failed') throw new Error(opened.message)
  const ledgerPath = opened.type === 'ready' ? opened.ledgerPath : ''
  return {
    dataDir: opts.dataDir,
    ledgerPath,
    call(name: string, args: unknown, ctx: CallContext): Promise<Reply> {
      if (gone) return Promise.resolve(unavailable())
      const id = nextId++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        post({ type: 'call', id, name, args, actor: ctx.actor })
      })
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onExit(listener) {
      exitListeners.add(listener)
    },
    exited(code) {
      if (gone) return
      gone = true
      for (const resolve of waiting.values()) resolve(unavailable())
      waiting.clear()
      onClosed?.()
      for (const l of exitListeners) l(code)
    },
    close() {
      if (gone) return Promise.resolve()
      return new Promise<void>((resolve) => {
        // the core finishes its round and takes the quit backup; one that cannot within the time is given up on
        const giveUp = setTimeout(resolve, closeTimeoutMs)
        onClosed = () => {
          clearTimeout(giveUp)
          resolve()
        }
        post({ type: 'close' })
      })
    },
  }
}

const unavailable = (): Reply => ({
  ok: false,
  error: { code: 'unavailable', message: 'The app’s core stopped: it is being restarted. Try again in a moment.' },
})

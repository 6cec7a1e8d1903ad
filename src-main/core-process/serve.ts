import type { CommandError } from '../../src-shared/contract/errors'
import type { Core, CoreOptions } from '../core/core'
import type { KeyProtector } from '../core/signer/signer-host'
import type { FromCore, Port, ToCore } from './messages'

type Opened = Pick<CoreOptions, 'dataDir' | 'nativeBinding' | 'background' | 'keyProtector'>

/**
 * The core's side: opens the core when asked, runs every call on it and answers with its reply,
 * pushes its events, and closes it (the round under way finished, the quit backup taken) before
 * saying `closed`. A message it does not understand is answered where it can be, never thrown.
 */
export function serveCore(port: Port, open: (opts: Opened) => Core, exit: (code: number) => void): void {
  let core: Core | undefined
  const post = (m: FromCore) => port.postMessage(m)
  // The keychain's answers, by request id.
  let nextKeychainId = 1
  const keychainWaiting = new Map<number, { resolve(data: string): void; reject(e: Error): void }>()
  const askKeychain = (op: 'encrypt' | 'decrypt', data: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextKeychainId++
      keychainWaiting.set(id, { resolve, reject })
      post({ type: 'keychain', id, op, data })
    })
  const remoteKeychain: KeyProtector = {
    available: () => true,
    encrypt: async (plaintext) => Buffer.from(await askKeychain('encrypt', plaintext), 'base64'),
    decrypt: (ciphertext) => askKeychain('decrypt', ciphertext.toString('base64')),
  }
  port.onMessage((raw) => {
    const m = raw as Partial<ToCore> | null
    if (m?.type === 'keychain-reply' && typeof m.id === 'number') {
      const r = m as Extract<ToCore, { type: 'keychain-reply' }>
      const waiting = keychainWaiting.get(r.id)
      keychainWaiting.delete(r.id)
      if (r.ok) waiting?.resolve(r.data)
      else waiting?.reject(new Error(`The OS keychain refused: ${r.message}`))
    } else if (m?.type === 'open' && typeof m.dataDir === 'string' && !core) {
      try {
        core = open({
          dataDir: m.dataDir,
          nativeBinding: m.nativeBinding,
          background: m.syncIntervalMs ? { syncIntervalMs: m.syncIntervalMs } : undefined,
          keyProtector: m.keychain ? remoteKeychain : undefined,
        })
        core.onEvent((event) => post({ type: 'event', event }))
        post({ type: 'ready', ledgerPath: core.ledgerPath })
      } catch (e) {
        // nothing to serve: said, then gone (the main process starts a new one when it is time)
        post({ type: 'failed', message: (e as CommandError).message })
        exit(1)
      }
    } else if (m?.type === 'call' && typeof m.id === 'number') {
      const id = m.id
      if (!core)
        return post({ type: 'reply', id, reply: { ok: false, error: { code: 'unavailable', message: 'The ledger is not open yet.' } } })
      void core.call(String(m.name), m.args, { actor: String(m.actor ?? 'ui') }).then((reply) => post({ type: 'reply', id, reply }))
    } else if (m?.type === 'close') {
      void (core?.close() ?? Promise.resolve()).finally(() => {
        post({ type: 'closed' })
        exit(0)
      })
    }
  })
}

import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'

/**
 * The messages between the desktop app's main process and the core running in a process of its
 * own (an Electron utilityProcess; `child_process.fork` under plain Node). Structured-clone
 * values, one object per message.
 */
export type ToCore =
  /** `keychain`: the main process has a real OS keychain, which the core may ask for (below) */
  | { type: 'open'; dataDir: string; nativeBinding?: string; syncIntervalMs?: number; keychain?: boolean }
  | { type: 'call'; id: number; name: string; args: unknown; actor: string }
  | { type: 'keychain-reply'; id: number; ok: true; data: string } // base64 of the ciphertext, or the plaintext
  | { type: 'keychain-reply'; id: number; ok: false; message: string }
  | { type: 'close' }

export type FromCore =
  | { type: 'ready'; ledgerPath: string }
  /** safeStorage lives in the main process only: the core asks it to encrypt (plaintext) or decrypt (base64) */
  | { type: 'keychain'; id: number; op: 'encrypt' | 'decrypt'; data: string }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; reply: Reply }
  | { type: 'event'; event: PushEvent }
  | { type: 'closed' }

/** One end of the channel: a utilityProcess's parentPort, a forked child's process, or the parent's handle on either. */
export interface Port {
  postMessage(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
}

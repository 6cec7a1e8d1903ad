import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'

/**
 * The messages between the desktop app's main process and the core running in a process of its
 * own (an Electron utilityProcess; `child_process.fork` under plain Node). Structured-clone
 * values, one object per message.
 */
export type ToCore =
  | { type: 'open'; dataDir: string; nativeBinding?: string; syncIntervalMs?: number }
  | { type: 'call'; id: number; name: string; args: unknown; actor: string }
  | { type: 'close' }

export type FromCore =
  | { type: 'ready'; ledgerPath: string }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; reply: Reply }
  | { type: 'event'; event: PushEvent }
  | { type: 'closed' }

/** One end of the channel: a utilityProcess's parentPort, a forked child's process, or the parent's handle on either. */
export interface Port {
  postMessage(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
}

import type { PushEvent } from './events'
import type { Reply } from './reply'

/** The bridge's WebSocket messages (JSON, one per frame). */
export interface BridgeRequest {
  id: number
  name: string
  args?: unknown
}

export type BridgeMessage = { type: 'reply'; id: number | null; reply: Reply } | { type: 'event'; event: PushEvent }

/** Path of the bridge's WebSocket; the per-launch token goes in its `token` query parameter. */
export const BRIDGE_WS_PATH = '/ws'

/** Electron IPC channels between preload and main. */
export const IPC_CALL_CHANNEL = 'satop:call'
export const IPC_EVENT_CHANNEL = 'satop:event'

/** What the preload exposes to the renderer as `window.satop` (nothing else crosses). */
export interface PreloadApi {
  call(name: string, args: unknown): Promise<Reply>
  onEvent(listener: (event: PushEvent) => void): () => void
}

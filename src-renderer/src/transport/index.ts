import type { CommandClient, ConnectionState } from '../../../src-shared/contract/client'
import type { PreloadApi } from '../../../src-shared/contract/transport'
import { IpcClient } from './ipc-client'
import { WsClient } from './ws-client'

declare global {
  interface Window {
    satop?: PreloadApi
  }
}

export interface Transport {
  client: CommandClient
  kind: 'electron' | 'browser'
  /** the state now (read it when subscribing: a change may have happened before) */
  state(): ConnectionState
  onState(listener: (s: ConnectionState) => void): () => void
}

const TOKEN_KEY = 'satop.bridge-token'

/** Electron when the preload is there; otherwise the bridge, with the token from the URL. */
export function createTransport(): Transport {
  if (window.satop) {
    return { client: new IpcClient(window.satop), kind: 'electron', state: () => 'connected', onState: () => () => {} }
  }
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    // Keep the token for reloads of this tab, and out of the address bar.
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.toString())
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? ''
  const ws = WsClient.fromLocation(window.location, token)
  return { client: ws, kind: 'browser', state: () => ws.connectionState, onState: (l) => ws.onState(l) }
}

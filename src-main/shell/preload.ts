import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type PreloadApi } from '../../src-shared/contract/transport'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'

// The renderer's only door: two functions, no Node, no Electron objects.
const api: PreloadApi = {
  call: (name, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args) as Promise<Reply>,
  onEvent: (listener) => {
    const handler = (_event: unknown, payload: PushEvent) => listener(payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('satop', api)

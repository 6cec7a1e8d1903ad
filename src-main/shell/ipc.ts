import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_CALL_CHANNEL } from '../../src-shared/contract/transport'
import type { Reply } from '../../src-shared/contract/reply'
import type { Core } from '../core/core'
import { isAppPage } from './guards'

/**
 * The IPC transport: one handler that forwards to the core's command table. Types only
 * from 'electron' here, so this runs (and is tested) with a fake ipcMain under Node.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Core,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, name: unknown, args: unknown): Promise<Reply> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'This window may not call SatMachine Operator commands.' } }
    }
    return core.call(String(name), args, { actor: 'ui' })
  })
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL)
}

/** A sender is trusted when it is our window's main frame (not a frame inside it) showing our renderer. */
export function senderCheck(windowContentsId: () => number | undefined, rendererUrl: string): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    if (event.sender.id !== windowContentsId()) return false
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    return isAppPage(frame.url, rendererUrl)
  }
}

import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_CALL_CHANNEL } from '../../src-shared/contract/transport'
import type { Reply } from '../../src-shared/contract/reply'
import type { Core } from '../core/core'

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

/** A sender is trusted when it is our window's main frame showing our renderer. */
export function senderCheck(windowContentsId: () => number | undefined, rendererUrl: string): (event: IpcMainInvokeEvent) => boolean {
  const expected = new URL(rendererUrl)
  return (event) => {
    if (event.sender.id !== windowContentsId()) return false
    const frameUrl = event.senderFrame?.url
    if (!frameUrl) return false
    const actual = new URL(frameUrl)
    if (expected.protocol === 'file:') return actual.protocol === 'file:' && actual.pathname === expected.pathname
    return actual.origin === expected.origin
  }
}

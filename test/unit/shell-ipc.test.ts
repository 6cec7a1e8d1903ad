import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import { registerIpc, senderCheck } from '../../src-main/shell/ipc'
import { IPC_CALL_CHANNEL } from '../../src-shared/contract/transport'
import { machineArgs, testCore } from '../support/core'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>

/** A stand-in for Electron's ipcMain: enough to register, invoke and remove a handler. */
class FakeIpcMain {
  handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  invoke(event: IpcMainInvokeEvent, ...args: unknown[]) {
    const h = this.handlers.get(IPC_CALL_CHANNEL)
    if (!h) throw new Error('no handler')
    return h(event, ...args)
  }
}

function fakeEvent(senderId: number, url: string | undefined, parent: object | null = null): IpcMainInvokeEvent {
  return { sender: { id: senderId }, senderFrame: url === undefined ? null : { url, parent } } as unknown as IpcMainInvokeEvent
}

let t: ReturnType<typeof testCore>
beforeEach(() => {
  t = testCore()
})
afterEach(() => t.dispose())

describe('IPC transport', () => {
  it('forwards a trusted call to the core and returns its reply unchanged', async () => {
    const ipc = new FakeIpcMain()
    registerIpc(ipc, t.core, () => true)
    const created = (await ipc.invoke(fakeEvent(1, 'file:///app/index.html'), 'machines.create', machineArgs({ name: 'Via IPC' }))) as {
      ok: boolean
    }
    expect(created).toMatchObject({ ok: true, result: { name: 'Via IPC' } })
    const refused = await ipc.invoke(fakeEvent(1, 'file:///app/index.html'), 'machines.create', machineArgs({ fiat_code: 'ZZZ' }))
    expect(refused).toEqual(await t.core.call('machines.create', machineArgs({ fiat_code: 'ZZZ' }), { actor: 'x' }))
  })

  it('refuses an untrusted sender without reaching the core', async () => {
    const ipc = new FakeIpcMain()
    registerIpc(ipc, t.core, () => false)
    expect(await ipc.invoke(fakeEvent(1, 'https://evil.example/'), 'machines.create', machineArgs())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    expect(await t.core.call('machines.list', {}, { actor: 'x' })).toMatchObject({ ok: true, result: { items: [] } })
  })

  it('unregisters cleanly', () => {
    const ipc = new FakeIpcMain()
    const off = registerIpc(ipc, t.core, () => true)
    off()
    expect(ipc.handlers.size).toBe(0)
  })
})

describe('sender check', () => {
  it('packaged: only our window showing our own index.html', () => {
    const check = senderCheck(() => 7, 'app://satop/index.html')
    expect(check(fakeEvent(7, 'app://satop/index.html#/machines'))).toBe(true)
    expect(check(fakeEvent(8, 'app://satop/index.html'))).toBe(false)
    expect(check(fakeEvent(7, 'file:///tmp/evil.html'))).toBe(false)
    expect(check(fakeEvent(7, 'app://evil/index.html'))).toBe(false)
    expect(check(fakeEvent(7, 'https://evil.example/'))).toBe(false)
    expect(check(fakeEvent(7, undefined))).toBe(false)
    // a frame inside our window, even one showing our page, is not the window
    expect(check(fakeEvent(7, 'app://satop/index.html', {}))).toBe(false)
  })

  it('dev: the dev server origin only', () => {
    const check = senderCheck(() => 3, 'http://localhost:5173')
    expect(check(fakeEvent(3, 'http://localhost:5173/#/machines'))).toBe(true)
    expect(check(fakeEvent(3, 'http://localhost:5174/'))).toBe(false)
    expect(check(fakeEvent(3, 'http://localhost:5173.evil.com/'))).toBe(false)
  })

  it('no window yet: nobody is trusted', () => {
    const check = senderCheck(() => undefined, 'http://localhost:5173')
    expect(check(fakeEvent(3, 'http://localhost:5173/'))).toBe(false)
  })
})

import { afterAll, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../support/tmp'

// The Electron main process, run against fakes of the electron module.
const dir = tempDir()
process.env.SATOP_DATA_DIR = dir.path

const windows: FakeWindow[] = []
const handlers = new Map<string, (...args: unknown[]) => unknown>()
const appEvents = new Map<string, (event?: { preventDefault(): void }) => void>()
const notifications: { title: string; body: string }[] = []
let ready!: () => void
const whenReady = new Promise<void>((r) => (ready = r))

class FakeWindow {
  static getAllWindows = () => windows
  options: Record<string, unknown>
  loaded: string | undefined
  sent: unknown[] = []
  webContents = {
    id: 42,
    send: (_channel: string, payload: unknown) => this.sent.push(payload),
    setWindowOpenHandler: vi.fn(),
    on: vi.fn(),
  }
  constructor(options: Record<string, unknown>) {
    this.options = options
    windows.push(this)
  }
  once() {}
  on() {}
  isDestroyed() {
    return false
  }
  loadURL(url: string) {
    this.loaded = url
    return Promise.resolve()
  }
}

vi.mock('electron', () => ({
  app: {
    whenReady: () => whenReady,
    isPackaged: true,
    getAppPath: () => '/nowhere',
    on: (name: string, l: () => void) => appEvents.set(name, l),
    exit: vi.fn(),
    quit: vi.fn(),
  },
  BrowserWindow: FakeWindow,
  dialog: { showErrorBox: vi.fn() },
  ipcMain: {
    handle: (ch: string, l: (...args: unknown[]) => unknown) => handlers.set(ch, l),
    removeHandler: (ch: string) => handlers.delete(ch),
  },
  shell: { openExternal: vi.fn() },
  Notification: class {
    static isSupported = () => true
    constructor(private readonly n: { title: string; body: string }) {}
    show() {
      notifications.push(this.n)
    }
  },
  // a keychain that "encrypts" reversibly, so the test can see the shell hands it to the core
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (t: string) => Buffer.from(t.split('').reverse().join('')),
    decryptString: (b: Buffer) => b.toString().split('').reverse().join(''),
  },
}))

afterAll(() => dir.remove())

describe('Electron main', () => {
  it('opens one locked-down window over the ledger and wires IPC to the core', async () => {
    await import('../../src-main/shell/main')
    ready()
    await vi.waitFor(() => expect(windows).toHaveLength(1))
    const prefs = windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/)
    expect(windows[0]!.loaded).toMatch(/^file:\/\/.*renderer[\\/]index\.html$/)

    const call = handlers.get('satop:call')!
    const trusted = { sender: { id: 42 }, senderFrame: { url: windows[0]!.loaded } }
    const reply = (await call(trusted, 'machines.list', {})) as { ok: boolean }
    expect(reply).toEqual({ ok: true, result: { items: [], next_cursor: null } })
    const foreign = { sender: { id: 99 }, senderFrame: { url: windows[0]!.loaded } }
    expect(await call(foreign, 'machines.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })

    // core pushes reach the window
    const { machineArgs } = await import('../support/core')
    const created = (await call(trusted, 'machines.create', machineArgs())) as { ok: true; result: { id: string } }
    expect(windows[0]!.sent).toEqual([{ name: 'machines.changed', payload: { id: created.result.id } }])

    // the OS keychain protects a local key: no passphrase needed in the desktop app
    expect(await call(trusted, 'signer.createLocal', {})).toMatchObject({
      ok: true,
      result: { mode: 'local', protection: 'os', ready: true },
    })

    // alerts raised by two sync rounds reach the desktop as notifications (no relay, no backup yet)
    await call(trusted, 'sync.run', { process: false })
    await call(trusted, 'sync.run', { process: false })
    await vi.waitFor(() =>
      expect(notifications.map((n) => n.title)).toEqual(expect.arrayContaining(['SatMachine: No relay', 'SatMachine: Never backed up'])),
    )
    expect(notifications.find((n) => n.title === 'SatMachine: No relay')!.body).toContain('cannot reach your ATMs')
    // the Today screen's test button
    await call(trusted, 'alerts.notifyTest', {})
    await vi.waitFor(() => expect(notifications.map((n) => n.title)).toContain('SatMachine: Test notification'))
  })

  it('on quit, waits for the core to close (its last backup taken) before the app goes', async () => {
    const { app } = await import('electron')
    const prevented = vi.fn()
    appEvents.get('before-quit')!({ preventDefault: prevented })
    expect(prevented).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
    const list = (await import('node:fs')).readdirSync(`${dir.path}/backups`)
    expect(list.some((f) => f.endsWith('-quit.json'))).toBe(true)
    // the second quit goes through
    const again = vi.fn()
    appEvents.get('before-quit')!({ preventDefault: again })
    expect(again).not.toHaveBeenCalled()
  })
})

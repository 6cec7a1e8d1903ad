import { afterAll, describe, expect, it, vi } from 'vitest'
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT, tempDir } from '../support/tmp'

// The Electron main process, run against fakes of the electron module. Its utilityProcess is
// played by child_process.fork of the real built core entry (npm run build).
const dir = tempDir()
process.env.SATOP_DATA_DIR = dir.path

const windows: FakeWindow[] = []
const handlers = new Map<string, (...args: unknown[]) => unknown>()
const appEvents = new Map<string, (event?: { preventDefault(): void }) => void>()
const notifications: { title: string; body: string }[] = []
let ready!: () => void
/** what the operator answers when asked whether to open a link (0: open) */
let answer = 1
const whenReady = new Promise<void>((r) => (ready = r))

class FakeWindow {
  static getAllWindows = () => windows
  options: Record<string, unknown>
  loaded: string | undefined
  sent: unknown[] = []
  contentsEvents = new Map<string, (event: { preventDefault(): void }, url: string) => void>()
  openHandler: ((d: { url: string }) => { action: string }) | undefined
  permissions: {
    request?: (c: { getURL(): string }, p: string, grant: (ok: boolean) => void) => void
    check?: (c: unknown, p: string, origin: string) => boolean
  } = {}
  webContents = {
    id: 42,
    send: (_channel: string, payload: unknown) => this.sent.push(payload),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (this.openHandler = h),
    on: (name: string, l: (event: { preventDefault(): void }, url: string) => void) => this.contentsEvents.set(name, l),
    session: {
      setPermissionRequestHandler: (h: FakeWindow['permissions']['request']) => (this.permissions.request = h),
      setPermissionCheckHandler: (h: FakeWindow['permissions']['check']) => (this.permissions.check = h),
    },
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

const cores: ChildProcess[] = []
/** Electron's utilityProcess.fork, played by Node's: the same entry, the same messages. */
const utilityProcess = {
  fork: () => {
    const child = fork(join(PROJECT_ROOT, 'out', 'main', 'core-process.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    cores.push(child)
    return {
      get pid() {
        return child.pid
      },
      postMessage: (m: unknown) => child.send(m as never),
      on: (event: string, l: (...a: unknown[]) => void) => child.on(event, l),
      once: (event: string, l: (...a: unknown[]) => void) => child.once(event, l),
    }
  },
}
const privileged: unknown[] = []
const protocolHandlers = new Map<string, (r: Request) => Promise<Response>>()

vi.mock('electron', () => ({
  utilityProcess,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
    handle: (scheme: string, h: (r: Request) => Promise<Response>) => protocolHandlers.set(scheme, h),
  },
  app: {
    whenReady: () => whenReady,
    isPackaged: true,
    getAppPath: () => '/nowhere',
    on: (name: string, l: () => void) => appEvents.set(name, l),
    exit: vi.fn(),
    quit: vi.fn(),
  },
  BrowserWindow: FakeWindow,
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: answer })) },
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
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (t: string) => Buffer.from(t.split('').reverse().join('')),
    decryptString: (b: Buffer) => b.toString().split('').reverse().join(''),
  },
}))

afterAll(() => {
  for (const c of cores) c.kill('SIGKILL')
  dir.remove()
})

describe('Electron main', () => {
  it('opens one locked-down window over the ledger and wires IPC to the core', async () => {
    await import('../../src-main/shell/main')
    ready()
    // the core is a real process opening a real ledger: on a busy 2-core machine that took 7 s, past waitFor's 1 s default
    await vi.waitFor(() => expect(windows).toHaveLength(1), { timeout: 15_000 })
    const prefs = windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/)
    expect(windows[0]!.loaded).toBe('app://satop/index.html')
    // app:// is registered privileged before ready, and answered once ready
    expect(privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    expect([...protocolHandlers.keys()]).toEqual(['app'])
    const refused = await protocolHandlers.get('app')!(new Request('app://satop/..%2F..%2Fpackage.json'))
    expect(refused.status).toBe(404) // held inside the renderer folder
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")

    const call = handlers.get('satop:call')!
    const trusted = { sender: { id: 42 }, senderFrame: { url: windows[0]!.loaded, parent: null } }
    const reply = (await call(trusted, 'machines.list', {})) as { ok: boolean }
    expect(reply).toEqual({ ok: true, result: { items: [], next_cursor: null } })
    const foreign = { sender: { id: 99 }, senderFrame: { url: windows[0]!.loaded, parent: null } }
    expect(await call(foreign, 'machines.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // a frame inside our window is not our window
    const inner = { sender: { id: 42 }, senderFrame: { url: windows[0]!.loaded, parent: {} } }
    expect(await call(inner, 'machines.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })

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

  it('stays in the app: navigation and redirects away are refused, links open only https and only when the operator says yes, permissions denied but notifications', async () => {
    const win = windows[0]!
    const { shell, dialog } = await import('electron')
    for (const event of ['will-navigate', 'will-redirect']) {
      for (const [url, allowed] of [
        [win.loaded!, true],
        [`${win.loaded!}#/machines`, true],
        ['http://localhost:5173.evil.com/', false],
        ['https://evil.example/', false],
        ['file:///tmp/evil.html', false],
      ] as const) {
        const preventDefault = vi.fn()
        win.contentsEvents.get(event)!({ preventDefault }, url)
        expect([event, url, preventDefault.mock.calls.length]).toEqual([event, url, allowed ? 0 : 1])
      }
    }
    const attach = vi.fn()
    win.contentsEvents.get('will-attach-webview')!({ preventDefault: attach }, '')
    expect(attach).toHaveBeenCalled()

    expect(win.openHandler!({ url: 'http://bunker.example/approve' })).toEqual({ action: 'deny' })
    expect(win.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(dialog.showMessageBox).not.toHaveBeenCalled()
    answer = 1 // Cancel
    win.openHandler!({ url: 'https://signer.example/approve/42' })
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalledTimes(1))
    expect((vi.mocked(dialog.showMessageBox).mock.calls[0] as unknown[])[1]).toMatchObject({ detail: 'https://signer.example/approve/42' })
    expect(shell.openExternal).not.toHaveBeenCalled()
    answer = 0 // Open
    win.openHandler!({ url: 'https://signer.example/approve/42' })
    await vi.waitFor(() => expect(shell.openExternal).toHaveBeenCalledWith('https://signer.example/approve/42'))

    const granted: Record<string, boolean> = {}
    const ours = { getURL: () => win.loaded! }
    for (const p of ['notifications', 'clipboard-sanitized-write', 'media', 'geolocation', 'clipboard-read', 'openExternal'])
      win.permissions.request!(ours, p, (ok) => (granted[p] = ok))
    expect(granted).toEqual({
      notifications: true,
      'clipboard-sanitized-write': true,
      media: false,
      geolocation: false,
      'clipboard-read': false,
      openExternal: false,
    })
    win.permissions.request!({ getURL: () => 'https://evil.example/' }, 'notifications', (ok) => (granted.elsewhere = ok))
    expect(granted.elsewhere).toBe(false)
    expect(win.permissions.check!({}, 'media', 'app://satop')).toBe(false)
    expect(win.permissions.check!({}, 'notifications', 'app://satop')).toBe(true)
  })

  it('a core that dies is started again: calls meanwhile are told so, the window is told once it is back, and nothing was lost', async () => {
    const call = handlers.get('satop:call')!
    const trusted = { sender: { id: 42 }, senderFrame: { url: windows[0]!.loaded, parent: null } }
    const before = ((await call(trusted, 'machines.list', {})) as { result: { items: unknown[] } }).result.items
    expect(before).toHaveLength(1)
    const first = cores.at(-1)!
    const gone = new Promise((r) => first.once('exit', r))
    first.kill('SIGKILL')
    await gone
    expect(await call(trusted, 'machines.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('started again') },
    })
    await vi.waitFor(
      () =>
        expect(windows[0]!.sent).toContainEqual({ name: 'core.restarted', payload: { reason: expect.stringMatching(/stopped|exited/) } }),
      {
        timeout: 10_000,
      },
    )
    expect(cores.length).toBeGreaterThanOrEqual(2)
    expect(await call(trusted, 'machines.list', {})).toMatchObject({ ok: true, result: { items: before } })
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

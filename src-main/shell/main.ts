import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, safeStorage, shell, utilityProcess } from 'electron'
import { IPC_EVENT_CHANNEL } from '../../src-shared/contract/transport'
import type { Core } from '../core/core'
import { defaultDataDir } from '../core/paths'
import { registerIpc, senderCheck } from './ipc'
import { isAppPage, isSafeExternalLink, permissionAllowed, rendererLocation } from './guards'
import { devNativeBindingPath } from './native'
import { keychainProtector } from './key-protector'
import { notifyAlerts } from './notify'
import { cliArguments } from './cli-mode'
import { APP_SCHEME, appResponse } from './app-protocol'
import { superviseCore } from './core-supervisor'
import { connectCore, type CoreClient } from '../core-process/client'
import type { Port } from '../core-process/messages'
import { runCliInProcess } from '../cli/process-io'

let core: Core | undefined
let window: BrowserWindow | undefined

const RENDERER_DIR = join(import.meta.dirname, '..', 'renderer')

// Before the app is ready: app:// is a standard, secure origin of its own (docs/security.md).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

function rendererUrl(): string {
  return rendererLocation({ packaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL })
}

/** A link leaves the app only for https, and only once the operator has seen where it goes and said yes. */
async function openOutside(win: BrowserWindow, url: string): Promise<void> {
  if (!isSafeExternalLink(url)) return
  const { response } = await dialog.showMessageBox(win, {
    type: 'question',
    buttons: ['Open in the browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this page in your browser?',
    detail: url,
  })
  if (response === 0) await shell.openExternal(url)
}

function createWindow(c: Core): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'SatMachine Operator',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !app.isPackaged,
    },
  })
  win.once('ready-to-show', () => win.show())
  // Links open in the user's browser (after asking); the window itself never leaves the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(win, url).catch((e: unknown) => process.stderr.write(`could not open ${url}: ${(e as Error).message}\n`))
    return { action: 'deny' }
  })
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppPage(url, rendererUrl())) event.preventDefault()
  }
  win.webContents.on('will-navigate', stayInApp)
  win.webContents.on('will-redirect', stayInApp)
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  // Deny by default: the app's own pages ask for notifications and the clipboard, nothing else.
  win.webContents.session.setPermissionRequestHandler((contents, permission, grant) =>
    grant(permissionAllowed(permission, contents.getURL(), rendererUrl())),
  )
  win.webContents.session.setPermissionCheckHandler((_contents, permission, origin) => permissionAllowed(permission, origin, rendererUrl()))
  const unsubscribe = c.onEvent((event) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event)
  })
  win.on('closed', unsubscribe)
  void win.loadURL(rendererUrl())
  return win
}

/**
 * The core in a utilityProcess of its own, so a long ingestion or a heavy query never blocks the
 * process that owns the window and its IPC. It reaches the OS keychain through this process.
 */
async function startCoreProcess(): Promise<CoreClient> {
  const child = utilityProcess.fork(join(import.meta.dirname, 'core-process.js'), [], {
    serviceName: 'SatMachine Operator core',
    stdio: 'inherit',
  })
  const port: Port = { postMessage: (m) => child.postMessage(m), onMessage: (l) => child.on('message', l) }
  const exitedEarly = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`The app's core stopped (exit code ${code}) before it opened the ledger.`))),
  )
  // A core that neither opens the ledger nor fails within the minute is stuck: it is stopped.
  const stuck = setTimeout(() => child.kill(), 60_000)
  let client: CoreClient
  try {
    client = await Promise.race([
      connectCore(
        port,
        {
          dataDir: defaultDataDir(),
          nativeBinding: app.isPackaged ? undefined : devNativeBindingPath(app.getAppPath(), process.versions.electron),
          syncIntervalMs: 30_000,
        },
        keychainProtector(safeStorage, process.platform),
      ),
      exitedEarly,
    ])
  } catch (e) {
    child.kill()
    throw e
  } finally {
    clearTimeout(stuck)
  }
  // from here on an exit is the client's to report (the supervisor starts a new core)
  exitedEarly.catch(() => undefined)
  child.on('exit', (code) => client.exited(code))
  return client
}

async function start(): Promise<void> {
  await app.whenReady()
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, RENDERER_DIR))
  try {
    core = await superviseCore(startCoreProcess, { log: (m) => process.stderr.write(`${m}\n`) })
  } catch (e) {
    dialog.showErrorBox('SatMachine Operator cannot open its ledger', (e as Error).message)
    app.exit(1)
    return
  }
  const opened = core
  registerIpc(
    ipcMain,
    opened,
    senderCheck(() => window?.webContents.id, rendererUrl()),
  )
  notifyAlerts(opened.onEvent, {
    isSupported: () => Notification.isSupported(),
    show: (title, body) => new Notification({ title, body }).show(),
  })
  window = createWindow(opened)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow(opened)
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
// The core closes before the app does: the round under way finishes and the quit backup is taken.
let closed = false
app.on('before-quit', (event) => {
  if (closed || !core) return
  event.preventDefault()
  void core.close().finally(() => {
    closed = true
    app.quit()
  })
})

/** The CLI in the installed app: no window; the core gets Electron's better-sqlite3 and the OS keychain. */
async function runAsCli(args: string[]): Promise<void> {
  app.dock?.hide()
  await app.whenReady() // safeStorage answers only once the app is ready
  const status = await runCliInProcess(args, {
    nativeBinding: app.isPackaged ? undefined : devNativeBindingPath(app.getAppPath(), process.versions.electron),
    keyProtector: keychainProtector(safeStorage, process.platform),
  })
  app.exit(status)
}

const cliArgs = cliArguments(process.argv)
if (cliArgs) void runAsCli(cliArgs)
else void start()

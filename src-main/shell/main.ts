import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Notification, shell } from 'electron'
import { IPC_EVENT_CHANNEL } from '../../src-shared/contract/transport'
import { openCore, type Core } from '../core/core'
import { ingestOptionsFromEnv } from '../core/ingestion/ingest'
import { CommandError } from '../../src-shared/contract/errors'
import { defaultDataDir } from '../core/paths'
import { registerIpc, senderCheck } from './ipc'
import { devNativeBindingPath } from './native'
import { safeStorageProtector } from './key-protector'
import { notifyAlerts } from './notify'

let core: Core | undefined
let window: BrowserWindow | undefined

function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  return dev ?? `file://${join(import.meta.dirname, '..', 'renderer', 'index.html')}`
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
    },
  })
  win.once('ready-to-show', () => win.show())
  // Links open in the user's browser; the window itself never navigates away from the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(rendererUrl().split('#')[0] ?? '')) event.preventDefault()
  })
  const unsubscribe = c.onEvent((event) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event)
  })
  win.on('closed', unsubscribe)
  void win.loadURL(rendererUrl())
  return win
}

async function start(): Promise<void> {
  await app.whenReady()
  try {
    core = openCore({
      dataDir: defaultDataDir(),
      nativeBinding: app.isPackaged ? undefined : devNativeBindingPath(app.getAppPath(), process.versions.electron),
      ingestion: ingestOptionsFromEnv(process.env),
      keyProtector: safeStorageProtector,
      background: { syncIntervalMs: 30_000 },
    })
  } catch (e) {
    dialog.showErrorBox('SatMachine Operator cannot open its ledger', e instanceof CommandError ? e.message : String(e))
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

void start()

import { afterAll, describe, expect, it, vi } from 'vitest'
import { cliArguments } from '../../src-main/shell/cli-mode'
import { tempDir } from '../support/tmp'

// The installed app run as `SatMachine Operator --cli …`: it answers like satop, with no window,
// against fakes of the electron module (no Electron can be downloaded here).
const dir = tempDir()
const exit = vi.fn()
const windows: unknown[] = []

vi.mock('electron', () => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  app: {
    whenReady: () => Promise.resolve(),
    isPackaged: true,
    getAppPath: () => '/nowhere',
    on: vi.fn(),
    exit: (code: number) => exit(code),
    quit: vi.fn(),
  },
  BrowserWindow: class {
    static getAllWindows = () => windows
    constructor() {
      windows.push(this)
    }
  },
  dialog: { showErrorBox: vi.fn() },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  shell: { openExternal: vi.fn() },
  Notification: class {},
  safeStorage: {
    isEncryptionAvailable: () => false,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: vi.fn(),
    decryptString: vi.fn(),
  },
}))

afterAll(() => dir.remove())

describe('the desktop app’s --cli', () => {
  it('takes the arguments after --cli, and none means the desktop app', () => {
    expect(cliArguments(['/opt/SatMachine Operator/satmachine-operator', '--cli', 'status'])).toEqual(['status'])
    expect(cliArguments(['electron', '.', '--cli', 'call', 'machines.list', '{}'])).toEqual(['call', 'machines.list', '{}'])
    expect(cliArguments(['/opt/SatMachine Operator/satmachine-operator'])).toBeNull()
  })

  it('runs the command on the ledger, prints its JSON, exits with its status, and opens no window', async () => {
    const written: string[] = []
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
    const argv = process.argv
    process.argv = ['/opt/SatMachine Operator/satmachine-operator', '--cli', 'call', 'machines.list', '{}', '--data-dir', dir.path]
    try {
      await import('../../src-main/shell/main')
      await vi.waitFor(() => expect(exit).toHaveBeenCalled(), { timeout: 10_000 })
    } finally {
      process.argv = argv
      write.mockRestore()
    }
    expect(exit).toHaveBeenCalledWith(0)
    expect(JSON.parse(written.join(''))).toEqual({ items: [], next_cursor: null })
    expect(windows).toEqual([])
  })
})

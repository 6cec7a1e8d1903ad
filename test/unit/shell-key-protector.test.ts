import { describe, expect, it } from 'vitest'
import { keychainProtector } from '../../src-main/shell/key-protector'

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

/** Electron's safeStorage as each platform reports it. */
const storage = (encryption: boolean, backend: Backend) => ({
  isEncryptionAvailable: () => encryption,
  getSelectedStorageBackend: () => backend,
  encryptString: (t: string) => Buffer.from(t),
  decryptString: (b: Buffer) => b.toString(),
})

describe('the OS keychain as the protector of the operator’s key', () => {
  it('on Linux counts only a real keyring: basic_text (a password built into Chromium) is no keychain', () => {
    expect(keychainProtector(storage(true, 'basic_text'), 'linux').available()).toBe(false)
    expect(keychainProtector(storage(true, 'unknown'), 'linux').available()).toBe(false)
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const)
      expect(keychainProtector(storage(true, backend), 'linux').available(), backend).toBe(true)
    expect(keychainProtector(storage(false, 'gnome_libsecret'), 'linux').available()).toBe(false)
  })

  it('on macOS and Windows, the Keychain and DPAPI whenever safeStorage has them', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      // the backend is a Linux notion; elsewhere it says nothing
      expect(keychainProtector(storage(true, 'unknown'), platform).available(), platform).toBe(true)
      expect(keychainProtector(storage(false, 'unknown'), platform).available(), platform).toBe(false)
    }
  })
})

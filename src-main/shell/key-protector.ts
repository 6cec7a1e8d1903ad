import type { SafeStorage } from 'electron'
import type { KeyProtector } from '../core/signer/signer-host'

/**
 * The OS keychain (Keychain, DPAPI, libsecret, KWallet) through Electron's safeStorage: protects
 * the operator's local key at rest. On Linux without a keyring, safeStorage falls back to
 * `basic_text`, a password written into Chromium itself: that protects nothing, so it counts as no
 * keychain and the app asks for a passphrase instead. Types only from 'electron' here, so this runs
 * (and is tested) under Node.
 */
export function keychainProtector(
  storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>,
  platform: NodeJS.Platform,
): KeyProtector {
  return {
    available: () => {
      if (!storage.isEncryptionAvailable()) return false
      if (platform !== 'linux') return true
      const backend = storage.getSelectedStorageBackend()
      return backend !== 'basic_text' && backend !== 'unknown'
    },
    encrypt: async (plaintext) => storage.encryptString(plaintext),
    decrypt: async (ciphertext) => storage.decryptString(ciphertext),
  }
}

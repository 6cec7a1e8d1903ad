import { safeStorage } from 'electron'
import type { KeyProtector } from '../core/signer/signer-host'

/** The OS keychain (Keychain, DPAPI, libsecret) through Electron: protects the operator's local key at rest. */
export const safeStorageProtector: KeyProtector = {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plaintext) => safeStorage.encryptString(plaintext),
  decrypt: (ciphertext) => safeStorage.decryptString(ciphertext),
}

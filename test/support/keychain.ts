import type { KeyProtector } from '../../src-main/core/signer/signer-host'

/**
 * An OS keychain for the core's own seam (Electron's safeStorage exists only in the desktop app):
 * what it wraps is kept in a map, and a ciphertext is only a handle to it, so nothing wrapped is in
 * the file. `reset()` loses everything, as a keyring reset would.
 */
export function fakeKeychain(): KeyProtector & { reset(): void; values(): string[] } {
  const vault = new Map<string, string>()
  let next = 0
  return {
    available: () => true,
    encrypt: async (t) => {
      const id = `k${next++}`
      vault.set(id, t)
      return Buffer.from(id)
    },
    decrypt: async (c) => {
      const t = vault.get(c.toString())
      if (t === undefined) throw new Error('the keychain does not know this item')
      return t
    },
    reset: () => vault.clear(),
    values: () => [...vault.values()],
  }
}

/**
 * The OS keychain (Electron's safeStorage in the desktop app; absent under plain Node). Whether
 * there is one is known up front; encrypting and decrypting are asynchronous, since a core in a
 * process of its own reaches the keychain through the desktop app's main process.
 */
export interface KeyProtector {
  available(): boolean
  encrypt(plaintext: string): Promise<Buffer>
  decrypt(ciphertext: Buffer): Promise<string>
}

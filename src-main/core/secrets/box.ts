import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'

/** Encrypts secrets (LNbits keys used as destinations, wallet keys) before they reach the ledger. */
export interface SecretBox {
  seal(plaintext: string): Buffer
  open(sealed: Buffer): string
}

const VERSION = 1

/** The data key's file in the data folder. */
export const DATA_KEY_FILE = 'data.key'

/** XChaCha20-Poly1305 (@noble/ciphers, audited) under one 32-byte data key. */
export function keyedBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes')
  return {
    seal(plaintext) {
      const nonce = randomBytes(24)
      const ct = xchacha20poly1305(key, nonce).encrypt(new TextEncoder().encode(plaintext))
      return Buffer.concat([Buffer.from([VERSION]), nonce, ct])
    },
    open(sealed) {
      if (sealed[0] !== VERSION) throw new Error(`unknown secret format ${sealed[0]}`)
      const pt = xchacha20poly1305(key, sealed.subarray(1, 25)).decrypt(sealed.subarray(25))
      return new TextDecoder().decode(pt)
    },
  }
}

/**
 * The data key in a file beside the ledger (mode 0600), made on first use. A copied ledger
 * alone does not reveal its secrets. (The desktop shell can wrap this key with the OS
 * keychain; that is the signer work's to add.)
 */
export function fileKeyBox(dataDir: string): SecretBox {
  const path = join(dataDir, DATA_KEY_FILE)
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' })
  }
  chmodSync(path, 0o600)
  return keyedBox(new Uint8Array(readFileSync(path)))
}

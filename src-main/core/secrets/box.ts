import { randomBytes } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'

/** Encrypts secrets (LNbits keys used as destinations, wallet keys) before they reach the ledger. */
export interface SecretBox {
  seal(plaintext: string): Buffer
  open(sealed: Buffer): string
}

const VERSION = 1

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

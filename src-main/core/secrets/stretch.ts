import { scrypt as scryptCb } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>

/**
 * A 32-byte key from a passphrase with scrypt (memory-hard: 2^logN x 128 x r bytes). The
 * passphrase is NFC-normalised, so the same words typed on another keyboard open the same thing.
 */
export function stretchPassphrase(passphrase: string, salt: Buffer, logN: number, r = 8, p = 1): Promise<Buffer> {
  const N = 2 ** logN
  return scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 })
}

import { scrypt as scryptCb, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { bech32 } from '@scure/base'

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Uint8Array,
  keylen: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

/**
 * NIP-49 (ncryptsec): a secret key encrypted with a passphrase. nostr-tools' nip49 runs scrypt
 * synchronously (about a second at log_n 16, the app frozen meanwhile); Node's scrypt runs on
 * the thread pool, so the main process stays responsive. Byte-compatible with nostr-tools.
 */
const VERSION = 0x02
/** key security byte: 0x02 = "client does not track whether this key was handled insecurely" */
const KSB = 0x02

async function deriveKey(password: string, salt: Uint8Array, logn: number): Promise<Uint8Array> {
  const N = 2 ** logn
  return scrypt(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 })
}

export async function encryptKey(secret: Uint8Array, password: string, logn = 16): Promise<string> {
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const aad = Uint8Array.of(KSB)
  const key = await deriveKey(password, salt, logn)
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(secret)
  const bytes = new Uint8Array([VERSION, logn, ...salt, ...nonce, ...aad, ...ciphertext])
  return bech32.encode('ncryptsec', bech32.toWords(bytes), 5000)
}

export class WrongPassphrase extends Error {
  constructor() {
    super('The passphrase does not open this key.')
  }
}

export async function decryptKey(ncryptsec: string, password: string): Promise<Uint8Array> {
  const { prefix, words } = bech32.decode(ncryptsec as `${string}1${string}`, 5000)
  if (prefix !== 'ncryptsec') throw new Error('not an ncryptsec')
  const bytes = new Uint8Array(bech32.fromWords(words))
  if (bytes[0] !== VERSION || bytes.length !== 91) throw new Error('not a version 2 ncryptsec')
  const logn = bytes[1]!
  const salt = bytes.slice(2, 18)
  const nonce = bytes.slice(18, 42)
  const aad = bytes.slice(42, 43)
  const key = await deriveKey(password, salt, logn)
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(bytes.slice(43))
  } catch {
    throw new WrongPassphrase()
  }
}

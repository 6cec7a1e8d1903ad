import { randomBytes } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { stretchPassphrase } from '../secrets/stretch'

/**
 * A backup sealed for another machine (docs/wire-formats.md#backup-file): the passphrase is
 * stretched with scrypt (memory-hard: 2^logN x 128 x r bytes) and the contents are sealed with
 * XChaCha20-Poly1305, the header authenticated with them. A wrong passphrase and an altered
 * byte fail the same way, and nothing in the file is readable without the passphrase.
 */
const MAGIC = Buffer.from('SATOPBAK', 'ascii')
const VERSION = 1
const HEADER_BYTES = MAGIC.length + 1 + 3 + 16 + 24

/** What a sealed file holds: the parts a new laptop needs, and the ledger itself. */
export interface SealedContents {
  meta: Record<string, unknown>
  ledger: Buffer
}

export class SealedFileError extends Error {}

/** logN 17 with r 8 takes 128 MiB and about a second here: dear for someone guessing, cheap once. */
export const DEFAULT_LOG_N = 17

export async function sealBackup(contents: SealedContents, passphrase: string, logN = DEFAULT_LOG_N): Promise<Buffer> {
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, logN, 8, 1]), salt, nonce])
  const key = await stretchPassphrase(passphrase, salt, logN)
  const meta = Buffer.from(JSON.stringify(contents.meta), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(meta.length)
  const sealed = xchacha20poly1305(key, nonce, header).encrypt(Buffer.concat([length, meta, contents.ledger]))
  return Buffer.concat([header, sealed])
}

export async function openBackup(file: Buffer, passphrase: string): Promise<SealedContents> {
  if (file.length < HEADER_BYTES + 16 || !file.subarray(0, MAGIC.length).equals(MAGIC))
    throw new SealedFileError('This is not a SatMachine Operator backup file (or it is cut short).')
  let at = MAGIC.length
  const version = file[at++]!
  if (version !== VERSION)
    throw new SealedFileError(`This backup file has format ${version}; this app reads format ${VERSION}: update the app.`)
  const [logN, r, p] = [file[at++]!, file[at++]!, file[at++]!]
  // only what this app writes: a forged header must not make scrypt take gigabytes before the tag is checked
  if (logN < 10 || logN > 20 || r !== 8 || p !== 1) throw new SealedFileError('This backup file is damaged (its header).')
  const salt = file.subarray(at, at + 16)
  const nonce = file.subarray(at + 16, at + 40)
  const key = await stretchPassphrase(passphrase, salt, logN, r, p)
  let plain: Uint8Array
  try {
    plain = xchacha20poly1305(key, nonce, file.subarray(0, HEADER_BYTES)).decrypt(file.subarray(HEADER_BYTES))
  } catch {
    throw new SealedFileError('The passphrase does not open this backup file, or the file was changed or damaged. Nothing was changed.')
  }
  const body = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength)
  const length = body.readUInt32BE(0)
  if (4 + length > body.length) throw new SealedFileError('This backup file is damaged (its contents).')
  return { meta: JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>, ledger: body.subarray(4 + length) }
}

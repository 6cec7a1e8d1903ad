import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { CommandError } from '../../../src-shared/contract/errors'
import type { DataKeyProtection, SecretsStatus } from '../../../src-shared/domain/secrets'
import type { Logger } from '../log'
import type { KeyProtector } from '../signer/signer-host'
import { keyedBox, type SecretBox } from './box'
import { stretchPassphrase } from './stretch'

/** The data key's file in the data folder (docs/wire-formats.md#data-key-file). */
export const DATA_KEY_FILE = 'data.key'
const FORMAT = 'satop-data-key'
const VERSION = 2

/** What the file holds: 32 raw bytes (none), or JSON naming how the key is wrapped. */
type Stored =
  | { protection: 'none'; raw: Buffer }
  | { protection: 'os'; id: string; wrapped: Buffer }
  | { protection: 'passphrase'; id: string; logN: number; salt: Buffer; nonce: Buffer; sealed: Buffer }
  | { protection: 'damaged'; why: string }
type Written = Exclude<Stored, { protection: 'damaged' }>

export interface DataKeyDeps {
  dataDir: string
  /** the OS keychain, when this process has a real one */
  keychain?: KeyProtector
  /** scrypt cost of a passphrase wrap (log2 N) */
  logN: number
  logger: Logger
}

/**
 * The key every secret in the ledger is sealed with, and how it is kept at rest: wrapped by the OS
 * keychain where there is one, else by the operator's passphrase. Until it is open (a passphrase not
 * given yet, a keychain this process cannot reach) it is locked: sealing and opening refuse, and
 * what needs a secret waits. A fresh folder without either starts unwrapped (`none`) and the
 * health check asks for a passphrase; a keychain that appears later wraps it at the next start.
 */
export class DataKey implements SecretBox {
  private stored: Stored
  private box: SecretBox | null = null
  private raw: Buffer | null = null
  private reason: string | null = null
  private queue: Promise<unknown>
  /** settled once the key is as open as it can be without the operator (the core awaits it) */
  readonly ready: Promise<void>

  constructor(private readonly deps: DataKeyDeps) {
    this.stored = readStored(this.path)
    this.ready = this.openUnattended().catch((e: unknown) => {
      this.lock(`The data key could not be opened: ${(e as Error).message}`)
    })
    this.queue = this.ready
  }

  private get path(): string {
    return join(this.deps.dataDir, DATA_KEY_FILE)
  }

  private get keychain(): KeyProtector | undefined {
    return this.deps.keychain?.available() ? this.deps.keychain : undefined
  }

  /** A fingerprint of the key (never the key): backups name the key their secrets are sealed with. */
  get id(): string {
    const s = this.stored
    if (s.protection === 'none') return fingerprint(s.raw)
    if (s.protection === 'damaged') return 'damaged'
    return s.id
  }

  status(): SecretsStatus {
    const protection: DataKeyProtection = this.stored.protection === 'damaged' ? 'none' : this.stored.protection
    return { protection, locked: this.box === null, reason: this.box ? null : this.reason, keychain: this.keychain !== undefined }
  }

  seal(plaintext: string): Buffer {
    return this.openBox().seal(plaintext)
  }

  open(sealed: Buffer): string {
    return this.openBox().open(sealed)
  }

  /** The key itself, for a sealed backup file (which a new laptop needs to read the secrets). */
  rawKey(): Buffer {
    this.openBox()
    return Buffer.from(this.raw!)
  }

  async unlock(passphrase: string): Promise<SecretsStatus> {
    return this.serial(async () => {
      const s = this.stored
      if (this.box) return this.status()
      if (s.protection !== 'passphrase') throw new CommandError('conflict', this.reason ?? 'The data key is not protected by a passphrase.')
      const key = await stretchPassphrase(passphrase, s.salt, s.logN)
      let raw: Uint8Array
      try {
        raw = xchacha20poly1305(key, s.nonce, aad(s.id, s.logN)).decrypt(s.sealed)
      } catch {
        throw new CommandError('invalid_args', 'That passphrase does not open the data key. Nothing was changed.', [
          { path: 'passphrase', message: 'does not open the data key' },
        ])
      }
      this.use(Buffer.from(raw), s.id)
      return this.status()
    })
  }

  /** Wraps the open key anew: with a passphrase, or with this process's OS keychain. */
  async protect(how: { with: 'passphrase'; passphrase: string } | { with: 'os' }): Promise<SecretsStatus> {
    return this.serial(async () => {
      const raw = this.rawKey()
      if (how.with === 'os') {
        const keychain = this.keychain
        if (!keychain)
          throw new CommandError(
            'unavailable',
            'There is no OS keychain in this process (the CLI and browser mode have none, nor a Linux desktop without a keyring): choose a passphrase instead.',
          )
        await this.write(await wrapWithKeychain(raw, keychain))
      } else {
        await this.write(await wrapWithPassphrase(raw, how.passphrase, this.deps.logN))
      }
      return this.status()
    })
  }

  private async openUnattended(): Promise<void> {
    const s = this.stored
    if (!existsSync(this.path)) {
      // A new folder: the key is written already wrapped where a keychain can do it.
      const raw = randomBytes(32)
      const keychain = this.keychain
      await this.write(keychain ? await wrapWithKeychain(raw, keychain) : { protection: 'none', raw }, true)
      this.use(raw, fingerprint(raw))
      return
    }
    if (s.protection === 'damaged') return this.lock(s.why)
    if (s.protection === 'none') {
      this.use(s.raw, fingerprint(s.raw))
      const keychain = this.keychain
      if (keychain) {
        await this.write(await wrapWithKeychain(s.raw, keychain))
        this.deps.logger.info('the data key is now wrapped by the OS keychain')
      }
      return
    }
    if (s.protection === 'passphrase')
      return this.lock(
        'The data key is protected by your passphrase: unlock it (Settings → Stored keys, or --passphrase-file with the CLI) for sales to be read and payouts to go.',
      )
    const keychain = this.keychain
    if (!keychain)
      return this.lock(
        "The data key is protected by the desktop app's OS keychain, which this process cannot reach (the CLI and browser mode have none): use the desktop app or its --cli, or there choose a passphrase (Settings → Stored keys) so the key opens anywhere.",
      )
    let hex: string
    try {
      hex = await keychain.decrypt(s.wrapped)
    } catch (e) {
      return this.lock(
        `The OS keychain could not open the data key (${(e as Error).message}). If this account's keyring was reset, restore a sealed backup file (Settings → Backups): it carries the data key.`,
      )
    }
    this.use(Buffer.from(hex, 'hex'), s.id)
  }

  private use(raw: Buffer, id: string): void {
    if (raw.length !== 32 || fingerprint(raw) !== id)
      return this.lock('The data key file is damaged (its key does not match its fingerprint).')
    this.raw = raw
    this.box = keyedBox(new Uint8Array(raw))
    this.reason = null
  }

  private lock(reason: string): void {
    this.raw = null
    this.box = null
    this.reason = reason
  }

  private openBox(): SecretBox {
    if (!this.box) throw new CommandError('unavailable', `The ledger's secrets are locked. ${this.reason ?? ''}`.trim())
    return this.box
  }

  /** One wrap or unwrap at a time: two changes at once would race on the file. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Whole or not at all: the new file is written beside the old one and renamed over it. */
  private async write(stored: Written, exclusive = false): Promise<void> {
    const bytes = encodeStored(stored)
    const target = exclusive ? this.path : `${this.path}.new`
    const fd = openSync(target, exclusive ? 'wx' : 'w', 0o600)
    try {
      let at = 0
      while (at < bytes.length) at += writeSync(fd, bytes, at)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (!exclusive) renameSync(target, this.path)
    this.stored = stored
  }
}

function fingerprint(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16)
}

/** The passphrase wrap authenticates which key and which cost it is for. */
function aad(id: string, logN: number): Uint8Array {
  return new TextEncoder().encode(`${FORMAT}:${VERSION}:${id}:${logN}`)
}

async function wrapWithKeychain(raw: Buffer, keychain: KeyProtector): Promise<Written> {
  return { protection: 'os', id: fingerprint(raw), wrapped: await keychain.encrypt(raw.toString('hex')) }
}

async function wrapWithPassphrase(raw: Buffer, passphrase: string, logN: number): Promise<Written> {
  const id = fingerprint(raw)
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const key = await stretchPassphrase(passphrase, salt, logN)
  return { protection: 'passphrase', id, logN, salt, nonce, sealed: Buffer.from(xchacha20poly1305(key, nonce, aad(id, logN)).encrypt(raw)) }
}

function encodeStored(s: Written): Buffer {
  if (s.protection === 'none') return s.raw
  const body =
    s.protection === 'os'
      ? { format: FORMAT, version: VERSION, protection: 'os', id: s.id, wrapped: s.wrapped.toString('base64') }
      : {
          format: FORMAT,
          version: VERSION,
          protection: 'passphrase',
          id: s.id,
          kdf: { name: 'scrypt', log_n: s.logN, r: 8, p: 1, salt: s.salt.toString('hex') },
          cipher: { name: 'xchacha20poly1305', nonce: s.nonce.toString('hex'), sealed: s.sealed.toString('hex') },
        }
  return Buffer.from(`${JSON.stringify(body)}\n`, 'utf8')
}

/** A file that is neither is reported, not guessed at: the ledger still opens, with its secrets locked. */
function readStored(path: string): Stored {
  if (!existsSync(path)) return { protection: 'none', raw: Buffer.alloc(0) }
  const bytes = readFileSync(path)
  if (bytes.length === 32) return { protection: 'none', raw: bytes }
  const damaged = (what: string): Stored => ({
    protection: 'damaged',
    why: `The data key file (${path}) is damaged: ${what}. Restore a sealed backup file (Settings → Backups): it carries the data key.`,
  })
  let body: Record<string, unknown>
  try {
    body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
  } catch {
    return damaged('it is neither a key nor a wrapped key')
  }
  if (body?.format !== FORMAT) return damaged('it is not a data key file')
  if (body.version !== VERSION) return damaged(`it has format ${String(body.version)}; this app reads format ${VERSION} (update the app)`)
  const id = typeof body.id === 'string' && /^[0-9a-f]{16}$/.test(body.id) ? body.id : null
  if (!id) return damaged('its fingerprint is missing')
  if (body.protection === 'os' && typeof body.wrapped === 'string')
    return { protection: 'os', id, wrapped: Buffer.from(body.wrapped, 'base64') }
  const kdf = body.kdf as Record<string, unknown> | undefined
  const cipher = body.cipher as Record<string, unknown> | undefined
  const hex = (v: unknown, bytes?: number) =>
    typeof v === 'string' && /^([0-9a-f]{2})+$/.test(v) && (bytes === undefined || v.length === bytes * 2) ? Buffer.from(v, 'hex') : null
  const logN = kdf?.log_n
  // only what this app writes: a forged cost must not make scrypt take gigabytes
  if (
    body.protection === 'passphrase' &&
    kdf?.name === 'scrypt' &&
    typeof logN === 'number' &&
    Number.isInteger(logN) &&
    logN >= 10 &&
    logN <= 20 &&
    kdf.r === 8 &&
    kdf.p === 1 &&
    cipher?.name === 'xchacha20poly1305'
  ) {
    const salt = hex(kdf.salt, 16)
    const nonce = hex(cipher.nonce, 24)
    const sealed = hex(cipher.sealed, 48)
    if (salt && nonce && sealed) return { protection: 'passphrase', id, logN, salt, nonce, sealed }
  }
  return damaged('its wrapping is not one this app writes')
}

import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { CommandError } from '../../../src-shared/contract/errors'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { DataKeyProtection, SecretsStatus } from '../../../src-shared/domain/secrets'
import type { Logger } from '../log'
import type { KeyProtector } from './keychain'
import { privateFile, writeDurably } from '../ledger/private-files'
import { keyedBox, type SecretBox } from './box'
import { stretchPassphrase } from './stretch'

/** The data key's file in the data folder (docs/wire-formats.md#data-key-file). */
export const DATA_KEY_FILE = 'data.key'
const FORMAT = 'satop-data-key'
const VERSION = 2

/** What the file holds: 32 raw bytes (none), or JSON naming how the key is wrapped. */
type Stored =
  | { protection: 'absent' }
  | { protection: 'none'; raw: Buffer }
  | { protection: 'os'; id: string; wrapped: Buffer }
  | { protection: 'passphrase'; id: string; logN: number; salt: Buffer; nonce: Buffer; sealed: Buffer }
  | { protection: 'damaged'; why: string }
type Written = Exclude<Stored, { protection: 'damaged' } | { protection: 'absent' }>

export interface DataKeyDeps {
  dataDir: string
  /** the OS keychain, when this process has a real one */
  keychain?: KeyProtector
  /** scrypt cost of a passphrase wrap (log2 N) */
  logN: number
  logger: Logger
  /** the ledger already holds sealed secrets: a missing key file is a lost key, not a new folder */
  hasSealedSecrets(): boolean
}

/** The secrets cannot be read in this process yet: what needs them waits (never fails for it). */
export class SecretsLocked extends CommandError {
  constructor(reason: string | null) {
    super('unavailable', `The ledger's secrets are locked. ${reason ?? ''}`.trim())
  }
}

/**
 * The key every secret in the ledger is sealed with, and how it is kept at rest: wrapped by the OS
 * keychain where there is one, else by the operator's passphrase. Until it is open (a passphrase not
 * given yet, a keychain this process cannot reach) it is locked: sealing and opening refuse, and
 * what needs a secret waits. A fresh folder without either starts unwrapped (`none`) and the
 * health check asks for a passphrase; a keychain that appears later wraps it at the next start.
 */
export class DataKey implements SecretBox {
  /** what the file holds; read as the key opens (openUnattended), since another process may have just made it */
  private stored: Stored = { protection: 'absent' }
  private box: SecretBox | null = null
  private raw: Buffer | null = null
  private reason: string | null = null
  private queue: Promise<unknown>
  /** settled once the key is as open as it can be without the operator (the core awaits it) */
  readonly ready: Promise<void>

  constructor(private readonly deps: DataKeyDeps) {
    privateFile(this.path)
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
    if (s.protection === 'damaged' || s.protection === 'absent') return s.protection
    return s.id
  }

  status(): SecretsStatus {
    const p = this.stored.protection
    const protection: DataKeyProtection = p === 'damaged' || p === 'absent' ? 'none' : p
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
      // why the key is locked is said when it locked (it may carry an exception's words): it goes as it is
      if (s.protection !== 'passphrase')
        throw this.reason ? new CommandError('conflict', this.reason) : refusal('conflict', 'secrets.not_passphrase')
      const key = await stretchPassphrase(passphrase, s.salt, s.logN)
      let raw: Uint8Array
      try {
        raw = xchacha20poly1305(key, s.nonce, aad(s.id, s.logN)).decrypt(s.sealed)
      } catch {
        throw refusal('invalid_args', 'secrets.passphrase.wrong', undefined, [refusalIssue('passphrase', 'secrets.passphrase.wrong.issue')])
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
        if (!keychain) throw refusal('unavailable', 'secrets.no_keychain')
        this.replace(await wrapWithKeychain(raw, keychain))
      } else {
        this.replace(await wrapWithPassphrase(raw, how.passphrase, this.deps.logN))
      }
      return this.status()
    })
  }

  private async openUnattended(): Promise<void> {
    // read again: another process may have made or changed the file since this one was built
    this.stored = readStored(this.path)
    if (this.stored.protection === 'absent') {
      if (this.deps.hasSealedSecrets())
        return this.lock(
          `The data key file (${this.path}) is missing, and this ledger holds secrets sealed with it. Restore a sealed backup file (Settings → Backups): it carries the data key.`,
        )
      if (await this.create()) return
      this.stored = readStored(this.path) // another process made it first: open that one
    }
    const s = this.stored
    if (s.protection === 'absent') return this.lock(`The data key file (${this.path}) could not be made.`)
    if (s.protection === 'damaged') return this.lock(s.why)
    if (s.protection === 'none') {
      if (this.use(s.raw, fingerprint(s.raw))) await this.wrapUnattended(s.raw)
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

  /** A new folder's key, written already wrapped where a keychain can do it. False: another process made one first. */
  private async create(): Promise<boolean> {
    const raw = randomBytes(32)
    let stored: Written = { protection: 'none', raw }
    const keychain = this.keychain
    if (keychain) {
      try {
        stored = await wrapWithKeychain(raw, keychain)
      } catch (e) {
        this.deps.logger.warn('the OS keychain did not wrap the new data key; it is kept unwrapped for now', {
          error: (e as Error).message,
        })
      }
    }
    if (!this.place(stored, 'create')) return false
    return this.use(raw, fingerprint(raw))
  }

  /** A key found unwrapped is wrapped by the keychain where there is one; if that fails it stays open, as it was. */
  private async wrapUnattended(raw: Buffer): Promise<void> {
    const keychain = this.keychain
    if (!keychain) return
    try {
      this.replace(await wrapWithKeychain(raw, keychain))
      this.deps.logger.info('the data key is now wrapped by the OS keychain')
    } catch (e) {
      this.deps.logger.warn('the OS keychain did not wrap the data key; it stays unwrapped (the health check says so)', {
        error: (e as Error).message,
      })
    }
  }

  private use(raw: Buffer, id: string): boolean {
    if (raw.length !== 32 || fingerprint(raw) !== id) {
      this.lock(
        'The data key file is damaged: the key it gives does not match its fingerprint. Restore a sealed backup file (Settings → Backups): it carries the data key.',
      )
      return false
    }
    this.raw = raw
    this.box = keyedBox(new Uint8Array(raw))
    this.reason = null
    return true
  }

  private lock(reason: string): void {
    this.raw = null
    this.box = null
    this.reason = reason
  }

  private openBox(): SecretBox {
    if (!this.box) throw new SecretsLocked(this.reason)
    return this.box
  }

  /** One wrap or unwrap at a time: two changes at once would race on the file. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  private replace(stored: Written): void {
    this.place(stored, 'replace')
  }

  /**
   * Whole or not at all: the file is written under a name of its own beside data.key, then renamed
   * over it (replace) or linked to it, which fails when it exists (create). False: it existed.
   */
  private place(stored: Written, how: 'create' | 'replace'): boolean {
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    writeDurably(temp, encodeStored(stored), true)
    try {
      if (how === 'replace') renameSync(temp, this.path)
      else linkSync(temp, this.path)
    } catch (e) {
      if (how === 'create' && (e as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw e
    } finally {
      rmSync(temp, { force: true })
    }
    syncFolder(this.deps.dataDir)
    this.stored = stored
    return true
  }
}

/**
 * The rename itself survives a power cut once the folder is synced. Best effort: Windows cannot
 * open a folder for it, and some file systems refuse; the file itself is already synced.
 */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch (e) {
    if (!['EINVAL', 'EPERM', 'EACCES', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e
  }
}

function fingerprint(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16)
}

/** The passphrase wrap authenticates which key and which cost it is for. */
function aad(id: string, logN: number): Uint8Array {
  return new TextEncoder().encode(`${FORMAT}:${VERSION}:${id}:${logN}`)
}

/** Checked by opening it again before it replaces anything: a keychain that cannot give the key back must not hold the only copy. */
async function wrapWithKeychain(raw: Buffer, keychain: KeyProtector): Promise<Written> {
  const wrapped = await keychain.encrypt(raw.toString('hex'))
  if ((await keychain.decrypt(wrapped)) !== raw.toString('hex')) throw new Error('the OS keychain did not give the key back')
  return { protection: 'os', id: fingerprint(raw), wrapped }
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
  if (!existsSync(path)) return { protection: 'absent' }
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
  // only costs this app writes (17; tests lower it): a forged one must not make scrypt take a gigabyte
  if (
    body.protection === 'passphrase' &&
    kdf?.name === 'scrypt' &&
    typeof logN === 'number' &&
    Number.isInteger(logN) &&
    logN >= 10 &&
    logN <= 18 &&
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

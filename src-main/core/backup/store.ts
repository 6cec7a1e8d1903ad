import { existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { privateDir, privateFile, writeDurably } from '../ledger/private-files'
import BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { BackupEntry, BackupInspection, BackupManifest, BackupReason } from '../../../src-shared/domain/backup'
import { migrations } from '../../../migrations/index'
import type { Database } from '../ledger/schema'
import type { Logger } from '../log'
import { LEDGER_FILE } from '../ledger/open'
import { localKeyForBackup, storeRestoredKey } from '../signer/portable-key'
import { LOCAL_KEY, type KeyProtector } from '../signer/signer-host'
import { DATA_KEY_FILE, type DataKey } from '../secrets/data-key'
import { migrate } from '../ledger/migrate'
import { pausedByRestore, SWITCH_SETTING } from '../processing/switch'
import { isAlive, openElsewhere } from './open-registry'
import { describeLedger, sha256 } from './manifest'
import { openBackup, sealBackup, SealedFileError } from './sealed-file'

export const BACKUP_DIR = 'backups'

export interface BackupStoreDeps {
  dataDir: string
  /** the ledger in use: its SQLite handle (for the online backup API) and its queries */
  raw(): BetterSqlite3.Database
  db(): Kysely<Database>
  nativeBinding?: string
  keychain?: KeyProtector
  /** the data key in use: its fingerprint, and the key itself for a sealed file */
  dataKey: Pick<DataKey, 'id' | 'rawKey'>
  now(): string
  /** scrypt cost of a sealed file (log2 N); tests lower it */
  kdfLogN?: number
  nip49LogN: number
  logger: Logger
}

/** A backup read and checked, ready to be put in place of the ledger. */
export interface CheckedBackup {
  inspection: BackupInspection
  ledger: Buffer
  /** from a sealed file: the data key its secrets are sealed with, and the operator's key if it carries it */
  dataKey: Buffer | null
  signerKeyHex: string | null
  passphrase: string | null
}

/**
 * The ledger's backups (docs/design.md#backups): copies in the data folder's `backups/` (the
 * ledger only: its secrets stay sealed with the data key beside it), and sealed files for
 * another machine. Every copy is taken with SQLite's online backup API, so it is consistent
 * while the app goes on writing, and is described by a manifest read from the copy itself.
 */
export class BackupStore {
  constructor(private readonly deps: BackupStoreDeps) {}

  /** Which data key seals this folder's secrets (a fingerprint, never the key). */
  private dataKeyId(): string {
    return this.deps.dataKey.id
  }

  get folder(): string {
    return join(this.deps.dataDir, BACKUP_DIR)
  }

  async createLocal(reason: BackupReason): Promise<BackupEntry> {
    const createdAt = this.deps.now()
    const id = `${createdAt.replace(/[:.]/g, '-')}-${reason}`
    const { manifest } = await this.snapshot(join(this.folder, `${id}.sqlite`), createdAt)
    // The manifest is written last: a backup is listed only once its copy is whole.
    const json = join(this.folder, `${id}.json`)
    writeDurably(`${json}.${process.pid}.tmp`, Buffer.from(JSON.stringify({ id, reason, manifest }, null, 2)), false)
    renameSync(`${json}.${process.pid}.tmp`, json)
    return { id, reason, manifest }
  }

  list(): BackupEntry[] {
    if (!existsSync(this.folder)) return []
    const entries: BackupEntry[] = []
    for (const f of readdirSync(this.folder)) {
      if (!f.endsWith('.json') || !existsSync(join(this.folder, f.replace(/\.json$/, '.sqlite')))) continue
      try {
        entries.push(JSON.parse(readFileSync(join(this.folder, f), 'utf8')) as BackupEntry)
      } catch (e) {
        // one damaged manifest must not hide the others, nor stop new backups
        this.deps.logger.warn('a backup manifest cannot be read; that backup is not listed', { file: f, error: (e as Error).message })
      }
    }
    return entries.sort((a, b) => b.manifest.created_at.localeCompare(a.manifest.created_at))
  }

  /** Keeps the newest `keep`; returns the ids removed. */
  prune(keep: number): string[] {
    const gone = this.list().slice(keep)
    for (const b of gone) {
      rmSync(join(this.folder, `${b.id}.json`), { force: true })
      rmSync(join(this.folder, `${b.id}.sqlite`), { force: true })
    }
    return gone.map((b) => b.id)
  }

  /** A sealed file at `path` (never over an existing file): the ledger, the data key, the operator's key when it can. */
  async createFile(path: string, passphrase: string): Promise<{ manifest: BackupManifest; notes: string[] }> {
    if (existsSync(path)) throw refusal('conflict', 'backup.file.exists', { path }, [refusalIssue('to_file', 'backup.file.exists.issue')])
    const dataKey = this.deps.dataKey.rawKey()
    const key = await localKeyForBackup(this.deps.db(), this.deps.keychain)
    const tmp = join(this.folder, `.sealing-${process.pid}.sqlite`)
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`
    try {
      const { bytes, manifest } = await this.snapshot(tmp, this.deps.now())
      const meta = { manifest, data_key: dataKey.toString('hex'), signer_key: key.kind === 'included' ? key.hex : null }
      const sealed = await sealBackup({ meta, ledger: bytes }, passphrase, this.deps.kdfLogN)
      try {
        writeDurably(partial, sealed, true)
        linkSync(partial, path) // refuses an existing name, like the check above, and is whole or absent
      } catch (e) {
        throw refusal('unavailable', 'backup.file.not_written', { path, reason: (e as Error).message }, [
          refusalIssue('to_file', 'backup.file.not_written.issue'),
        ])
      }
      return { manifest, notes: key.kind === 'unavailable' ? [KEY_LEFT_OUT] : [] }
    } finally {
      rmSync(tmp, { force: true })
      rmSync(partial, { force: true })
    }
  }

  /** A backup of the data folder, checked whole. */
  checkLocal(id: string): CheckedBackup {
    const entry = this.list().find((b) => b.id === id)
    if (!entry)
      throw refusal('not_found', 'backup.not_found', { id, folder: this.folder }, [refusalIssue('backup_id', 'backup.not_found.issue')])
    const ledger = readFileSync(join(this.folder, `${id}.sqlite`))
    this.checkLedger(ledger, entry.manifest)
    // its secrets are sealed with the data key it was made beside: one restored from a file since replaced it
    if (entry.manifest.data_key_id !== this.dataKeyId()) throw refusal('conflict', 'backup.other_data_key')
    return {
      inspection: { manifest: entry.manifest, secrets: 'in_data_folder', notes: [] },
      ledger,
      dataKey: null,
      signerKeyHex: null,
      passphrase: null,
    }
  }

  /** A sealed file, opened with its passphrase and checked whole; refused with nothing changed otherwise. */
  async checkFile(path: string, passphrase: string): Promise<CheckedBackup> {
    let file: Buffer
    try {
      file = readFileSync(path)
    } catch (e) {
      throw refusal('not_found', 'backup.file.unreadable', { path, reason: (e as Error).message }, [
        refusalIssue('file', 'backup.file.unreadable.issue'),
      ])
    }
    let opened
    try {
      opened = await openBackup(file, passphrase)
    } catch (e) {
      if (e instanceof SealedFileError)
        throw new CommandError('invalid_args', e.message, [refusalIssue('passphrase', 'backup.passphrase.issue')])
      throw e
    }
    const manifest = opened.meta.manifest as BackupManifest
    const dataKey = Buffer.from(String(opened.meta.data_key ?? ''), 'hex')
    if (!manifest || dataKey.length !== 32) throw refusal('invalid_args', 'backup.file.not_backup')
    const { osKey } = this.checkLedger(opened.ledger, manifest)
    const signerKeyHex = typeof opened.meta.signer_key === 'string' ? opened.meta.signer_key : null
    return {
      inspection: {
        manifest,
        secrets: osKey && !signerKeyHex ? 'included_without_signer_key' : 'included',
        notes: this.restoreNotes(osKey, signerKeyHex),
      },
      ledger: opened.ledger,
      dataKey,
      signerKeyHex,
      passphrase,
    }
  }

  /**
   * Puts a checked backup in place of the ledger, which must be closed: the replaced ledger
   * (and data key) are kept in `replaced-<time>/` beside it. The copy is made ready first (the
   * operator's key stored for this laptop, migrated to this app's schema, payouts paused until
   * a reconciliation), so the swap itself is renames only; if one fails, every file is put back.
   */
  async putInPlace(backup: CheckedBackup): Promise<string> {
    this.refuseIfOpenElsewhere()
    const dir = this.deps.dataDir
    const now = this.deps.now()
    const staged = join(dir, `.restoring-${process.pid}.sqlite`)
    writeDurably(staged, backup.ledger, false)
    try {
      const db = this.open(staged, false)
      try {
        if (backup.signerKeyHex)
          await storeRestoredKey(db, backup.signerKeyHex, {
            keychain: this.deps.keychain,
            passphrase: backup.passphrase!,
            nip49LogN: this.deps.nip49LogN,
            now,
          })
        migrate(db, migrations, () => now)
        db.prepare(
          'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
        ).run(SWITCH_SETTING, JSON.stringify(pausedByRestore(now, backup.inspection.manifest.created_at)), now)
      } finally {
        db.close()
      }
      const kept = join(dir, `replaced-${now.replace(/[:.]/g, '-')}`)
      privateDir(kept)
      const moved: string[] = []
      try {
        for (const f of [LEDGER_FILE, `${LEDGER_FILE}-wal`, `${LEDGER_FILE}-shm`, ...(backup.dataKey ? [DATA_KEY_FILE] : [])]) {
          if (!existsSync(join(dir, f))) continue
          renameSync(join(dir, f), join(kept, f))
          moved.push(f)
        }
        if (backup.dataKey) writeDurably(join(dir, DATA_KEY_FILE), backup.dataKey, true, 0o600)
        renameSync(staged, join(dir, LEDGER_FILE))
      } catch (e) {
        // every file back where it was: the app stays on the ledger it had
        rmSync(join(dir, LEDGER_FILE), { force: true })
        if (backup.dataKey && moved.includes(DATA_KEY_FILE)) rmSync(join(dir, DATA_KEY_FILE), { force: true })
        for (const f of moved) renameSync(join(kept, f), join(dir, f))
        throw refusal('unavailable', 'backup.not_in_place', { reason: (e as Error).message })
      }
      return kept
    } finally {
      rmSync(staged, { force: true })
    }
  }

  /** Another process (the app, the bridge, satop run) with this folder open would go on writing into the replaced ledger. */
  refuseIfOpenElsewhere(): void {
    const others = openElsewhere(this.deps.dataDir)
    if (others.length > 0) throw refusal('conflict', 'backup.open_elsewhere', { pids: others.join(', ') })
  }

  /** Leftovers of a backup or restore cut short (a crash, a power cut) by a process that is gone: never a backup. */
  sweep(): void {
    for (const [folder, pattern] of [
      [this.deps.dataDir, /^\.restoring-(\d+)\.sqlite$/],
      [this.folder, /^(?:\.(?:sealing|checking)-(\d+)\.sqlite|.*\.sqlite\.(\d+)\.partial|.*\.json\.(\d+)\.tmp)$/],
    ] as const) {
      if (!existsSync(folder)) continue
      for (const f of readdirSync(folder)) {
        const m = pattern.exec(f)
        const pid = m && Number(m.slice(1).find((g) => g !== undefined))
        if (pid && !isAlive(pid)) rmSync(join(folder, f), { force: true })
      }
    }
  }

  /** A consistent copy of the ledger in use at `path`, and what it holds. */
  private async snapshot(path: string, createdAt: string): Promise<{ bytes: Buffer; manifest: BackupManifest }> {
    privateDir(this.folder)
    const partial = `${path}.${process.pid}.partial`
    try {
      await this.deps.raw().backup(partial)
      // The copy stands alone: one file, no write-ahead log beside it (the ledger's WAL mode is set again when it is opened)
      const copy = this.open(partial, false)
      copy.pragma('journal_mode = DELETE')
      copy.close()
      renameSync(partial, path)
      privateFile(path)
    } finally {
      rmSync(partial, { force: true })
    }
    const bytes = readFileSync(path)
    const copy = this.open(path, true)
    try {
      return { bytes, manifest: describeLedger(copy, bytes, createdAt, this.dataKeyId()) }
    } finally {
      copy.close()
    }
  }

  /**
   * The copy is what its manifest says, is a whole SQLite database, and is of a schema this app
   * knows. Returns whether it holds an operator key kept by an OS keychain.
   */
  private checkLedger(ledger: Buffer, manifest: BackupManifest): { osKey: boolean } {
    if (sha256(ledger) !== manifest.ledger_sha256 || ledger.length !== manifest.ledger_bytes)
      throw refusal('invalid_args', 'backup.ledger.checksum')
    if (!migrations.some((m) => m.id === manifest.schema))
      throw refusal('invalid_args', 'backup.ledger.newer', { schema: manifest.schema, app_version: manifest.app_version })
    const probe = join(this.folder, `.checking-${process.pid}.sqlite`)
    privateDir(this.folder)
    writeFileSync(probe, ledger, { mode: 0o600 })
    try {
      const db = this.open(probe, true)
      try {
        const result = db.pragma('integrity_check', { simple: true })
        if (result !== 'ok') throw refusal('invalid_args', 'backup.ledger.damaged', { detail: String(result) })
        return { osKey: db.prepare("SELECT 1 FROM secrets WHERE name = ? AND scheme = 'os'").get(LOCAL_KEY) !== undefined }
      } finally {
        db.close()
      }
    } catch (e) {
      if (e instanceof CommandError) throw e
      throw refusal('invalid_args', 'backup.ledger.unreadable', { reason: (e as Error).message })
    } finally {
      rmSync(probe, { force: true })
    }
  }

  /** What the operator should know before restoring a sealed file, about the operator's key. */
  private restoreNotes(osKey: boolean, signerKeyHex: string | null): string[] {
    if (!osKey) return []
    if (!signerKeyHex) return [KEY_LEFT_OUT]
    return this.deps.keychain?.available()
      ? ["The operator's key goes into this laptop's keychain."]
      : [
          "This laptop has no keychain the app can use: the operator's key will be kept under this backup's passphrase, and unlocked with it.",
        ]
  }

  private open(path: string, readonly: boolean): BetterSqlite3.Database {
    return new BetterSqlite3(path, { readonly, ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}) })
  }
}

const KEY_LEFT_OUT =
  "The operator's key is not in this backup: it is kept by the OS keychain of the laptop that made it, which this process cannot open. Make the file from the desktop app, or import the key again after restoring."

/** Writes the whole file and flushes it to the disk before returning (a backup must survive a power cut). */

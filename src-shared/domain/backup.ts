import { z } from 'zod'

/** An absolute path on the machine the core runs on (a USB stick, another folder). */
const filePath = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(4096, 'is too long')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must be a path')

/** The passphrase that seals a backup file: long enough that a stolen file stays sealed. */
const backupPassphrase = z.string({ error: 'is required' }).min(12, 'must be at least 12 characters').max(1024, 'is too long')

export const BACKUP_REASONS = ['scheduled', 'manual', 'quit'] as const
export type BackupReason = (typeof BACKUP_REASONS)[number]

const backupId = z
  .string({ error: 'is required' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(scheduled|manual|quit)$/, 'is not a backup of this app (see backup.list)')

export const BackupCreateArgs = z
  .strictObject({
    /** write a sealed file here (for another machine), instead of a backup in the data folder */
    to_file: filePath.optional(),
    /** seals the file; required with to_file */
    passphrase: backupPassphrase.optional(),
    /** why a backup in the data folder is made (the app's schedule says scheduled or quit) */
    reason: z.enum(BACKUP_REASONS).optional(),
  })
  .refine((a) => (a.to_file === undefined) === (a.passphrase === undefined), {
    message: 'a backup to a file needs a passphrase, and only a file takes one',
    path: ['passphrase'],
  })

export const BackupListArgs = z.strictObject({})

/** Either one of the data folder's backups, or a sealed file with its passphrase. */
const source = {
  backup_id: backupId.optional(),
  file: filePath.optional(),
  passphrase: z.string().max(1024, 'is too long').optional(),
}
const oneSource = <T extends { backup_id?: string; file?: string; passphrase?: string }>(a: T) =>
  (a.backup_id !== undefined) !== (a.file !== undefined) && (a.file === undefined || a.passphrase !== undefined)

export const BackupInspectArgs = z.strictObject(source).refine(oneSource, {
  message: 'give backup_id, or file with its passphrase',
  path: ['backup_id'],
})

export const BackupRestoreArgs = z
  .strictObject({
    ...source,
    /** the ledger checksum backup.inspect showed: what is restored is what was looked at */
    ledger_sha256: z.string({ error: 'is required' }).regex(/^[0-9a-f]{64}$/, 'must be the ledger_sha256 that backup.inspect gave'),
  })
  .refine(oneSource, { message: 'give backup_id, or file with its passphrase', path: ['backup_id'] })

/** What a backup holds, written beside it (and inside a sealed file). */
export interface BackupManifest {
  format: 1
  app_version: string
  /** the last migration the ledger had */
  schema: string
  created_at: string
  ledger_sha256: string
  ledger_bytes: number
  counts: { machines: number; clients: number; deposits: number; settlements: number; legs: number; audit_log: number }
  last_settlement_at: string | null
  /** the audit chain's newest row when the backup was taken: a later chain must still contain it */
  audit_head: { seq: number; hash: string } | null
  /** a fingerprint of the data key that seals the ledger's secrets (never the key) */
  data_key_id: string
}

export interface BackupEntry {
  id: string
  /** in the data folder: made on a schedule, on quit, or by hand */
  reason: BackupReason
  manifest: BackupManifest
}

export interface BackupCreated {
  /** set for a backup in the data folder */
  id: string | null
  /** set for a sealed file */
  file: string | null
  manifest: BackupManifest
  notes: string[]
}

export interface BackupInspection {
  manifest: BackupManifest
  /** a sealed file carries the data key (every sealed secret) and the operator's key, when it could */
  secrets: 'in_data_folder' | 'included' | 'included_without_signer_key'
  /** said before a restore: what will be kept, and anything the operator must do after */
  notes: string[]
}

export interface BackupRestored {
  manifest: BackupManifest
  /** where the ledger it replaced was kept */
  replaced_kept_in: string
  notes: string[]
}

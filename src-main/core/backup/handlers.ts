import type { BackupEntry } from '../../../src-shared/domain/backup'
import type { Handler } from '../env'
import { loadSettings } from '../settings/view'
import type { CheckedBackup } from './store'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'

/** In the data folder (then the oldest beyond the kept number go), or sealed into a file for another machine. */
export const createBackup: Handler<'backup.create'> = async (args, env) => {
  if (args.to_file) {
    const { manifest, notes } = await env.backups.createFile(args.to_file, args.passphrase!)
    await env.transaction((tx) =>
      tx.audit({
        entity: 'backup',
        entity_id: args.to_file!,
        before: null,
        after: { file: args.to_file, ledger_sha256: manifest.ledger_sha256, notes },
      }),
    )
    env.emit({ name: 'backups.changed', payload: { id: null } })
    return { id: null, file: args.to_file, manifest, notes }
  }
  const entry: BackupEntry = await env.backups.createLocal(args.reason ?? 'manual')
  const pruned = env.backups.prune((await loadSettings(env.db)).backup_keep)
  await env.transaction((tx) =>
    tx.audit({
      entity: 'backup',
      entity_id: entry.id,
      before: null,
      after: { reason: entry.reason, ledger_sha256: entry.manifest.ledger_sha256, removed: pruned },
    }),
  )
  env.emit({ name: 'backups.changed', payload: { id: entry.id } })
  return { id: entry.id, file: null, manifest: entry.manifest, notes: [] }
}

export const listBackups: Handler<'backup.list'> = async (_args, env) => env.backups.list()

export const inspectBackup: Handler<'backup.inspect'> = async (args, env) => (await check(env.backups, args)).inspection

/**
 * Puts a backup in place of the ledger once it was looked at (the checksum the inspection
 * showed must be given back): the replaced ledger is kept beside it, and the app goes on with
 * the restored one. Anything wrong with the backup refuses it before anything changes.
 */
export const restoreBackup: Handler<'backup.restore'> = async (args, env) => {
  const backup = await check(env.backups, args)
  const { manifest } = backup.inspection
  if (manifest.ledger_sha256 !== args.ledger_sha256)
    throw refusal('conflict', 'backup.not_inspected', undefined, [refusalIssue('ledger_sha256', 'backup.not_inspected.issue')])
  env.backups.refuseIfOpenElsewhere() // before the ledger is closed: a refusal changes nothing
  const kept = await env.ledgerHost.replace(() => env.backups.putInPlace(backup), {
    actor: env.actor,
    command: 'backup.restore',
    entity: 'ledger',
    entity_id: manifest.ledger_sha256,
    before: null,
    after: { source: args.backup_id ?? args.file, manifest },
  })
  env.emit({ name: 'ledger.replaced', payload: { ledger_sha256: manifest.ledger_sha256 } })
  return { manifest, replaced_kept_in: kept, notes: backup.inspection.notes }
}

function check(
  store: Parameters<Handler<'backup.inspect'>>[1]['backups'],
  args: { backup_id?: string; file?: string; passphrase?: string },
): Promise<CheckedBackup> | CheckedBackup {
  return args.backup_id ? store.checkLocal(args.backup_id) : store.checkFile(args.file!, args.passphrase!)
}

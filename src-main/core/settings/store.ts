import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { prepared } from '../ledger/prepared'

/** Keys of the settings table, in one place so no two modules spell one differently. */
export const SETTING = {
  operatorPubkey: 'signer.operator_pubkey',
  platformPubkey: 'platform.pubkey',
  /** 'none' | 'local' | 'bunker' */
  signerMode: 'signer.mode',
  /** {pubkey, relays} of the NIP-46 bunker */
  signerBunker: 'signer.bunker',
  backupIntervalHours: 'backup.interval_hours',
  backupKeep: 'backup.keep',
  alertLegMinutes: 'alert.leg_minutes',
  alertDepositHours: 'alert.deposit_hours',
  alertSyncMinutes: 'alert.sync_minutes',
  alertBackupHours: 'alert.backup_hours',
  /** the UI's language: 'system' | 'es' | 'en' */
  uiLanguage: 'ui.language',
  /** {seq, hash} of the audit chain's newest row, kept with every append (a truncated chain falls short of it) */
  auditHead: 'audit.head',
  /** set once when rows were found cut from the end before a new one was appended (AuditCut) */
  auditCut: 'audit.cut',
  /** the newest head read back from the relays (RelayAuditHead), for the health check between verifications */
  auditRelayHead: 'audit.relay_head',
  /** this ledger's name on the relays (its audit head's d-tag), made once and carried by its backups */
  ledgerId: 'ledger.id',
} as const

const settingByKey = prepared((db, v: { key: string }) => db.selectFrom('settings').select('value_json').where('key', '=', v.key))

export async function readSetting<T>(db: Kysely<Database>, key: string): Promise<T | undefined> {
  const [row] = await settingByKey(db, { key })
  return row ? (JSON.parse(row.value_json) as T) : undefined
}

// Every audit row keeps the chain's head here, so this runs with every change.
const upsertSetting = prepared((db, v: { key: string; value_json: string; updated_at: string }) =>
  db
    .insertInto('settings')
    .values({ key: v.key, value_json: v.value_json, updated_at: v.updated_at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: v.value_json, updated_at: v.updated_at })),
)

export async function writeSetting(db: Kysely<Database>, key: string, value: unknown, now: string): Promise<void> {
  await upsertSetting(db, { key, value_json: JSON.stringify(value), updated_at: now })
}

export async function deleteSetting(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute()
}

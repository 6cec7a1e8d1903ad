import { toNpub } from '../../../src-shared/nostr/pubkey'
import type { LanguageChoice, Settings } from '../../../src-shared/domain/settings'
import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { BACKUP_DEFAULTS } from '../backup/settings'
import { platformAndOperatorKeys } from '../fees/platform-mode'
import { readSetting, SETTING } from './store'

export async function loadSettings(db: Kysely<Database>): Promise<Settings> {
  const keys = await platformAndOperatorKeys(db)
  return {
    platform_pubkey: keys.platform ?? null,
    platform_npub: keys.platform ? toNpub(keys.platform) : null,
    operator_pubkey: keys.operator ?? null,
    platform_mode: keys.platform !== undefined && keys.platform === keys.operator,
    backup_interval_hours: (await readSetting<number>(db, SETTING.backupIntervalHours)) ?? BACKUP_DEFAULTS.intervalHours,
    backup_keep: (await readSetting<number>(db, SETTING.backupKeep)) ?? BACKUP_DEFAULTS.keep,
    alert_leg_minutes: (await readSetting<number>(db, SETTING.alertLegMinutes)) ?? 15,
    alert_deposit_hours: (await readSetting<number>(db, SETTING.alertDepositHours)) ?? 48,
    alert_sync_minutes: (await readSetting<number>(db, SETTING.alertSyncMinutes)) ?? 30,
    alert_backup_hours: (await readSetting<number>(db, SETTING.alertBackupHours)) ?? 24,
    language: (await readSetting<LanguageChoice>(db, SETTING.uiLanguage)) ?? 'system',
  }
}

import type { Handler } from '../env'
import { forgetPlatformConfigVersion } from '../fees/queries'
import { checkNotAMachineKey } from '../machines/rules'
import { SETTING, deleteSetting, writeSetting } from './store'
import { loadSettings } from './view'

export const getSettings: Handler<'settings.get'> = async (_args, env) => loadSettings(env.db)

export const updateSettings: Handler<'settings.update'> = async (args, env) => {
  const before = await loadSettings(env.db)
  const platform = args.platform_npub
  const platformChanged = platform !== undefined && platform !== before.platform_pubkey
  if (platformChanged) {
    if (platform === null) {
      await deleteSetting(env.db, SETTING.platformPubkey)
    } else {
      await checkNotAMachineKey(env.db, platform, 'platform', 'platform_npub')
      await writeSetting(env.db, SETTING.platformPubkey, platform, env.now())
    }
    // A new platform: its configs are read from the start, whatever the last one's version was.
    await forgetPlatformConfigVersion(env.db)
    await env.audit({
      entity: 'settings',
      entity_id: 'platform_pubkey',
      before: { platform_npub: before.platform_npub },
      after: { platform_npub: platform === null ? null : (await loadSettings(env.db)).platform_npub },
    })
  }
  for (const [field, key] of [
    ['backup_interval_hours', SETTING.backupIntervalHours],
    ['backup_keep', SETTING.backupKeep],
    ['alert_leg_minutes', SETTING.alertLegMinutes],
    ['alert_deposit_hours', SETTING.alertDepositHours],
    ['alert_sync_minutes', SETTING.alertSyncMinutes],
    ['alert_backup_hours', SETTING.alertBackupHours],
    ['language', SETTING.uiLanguage],
  ] as const) {
    const value = args[field]
    if (value === undefined || value === before[field]) continue
    await writeSetting(env.db, key, value, env.now())
    await env.audit({ entity: 'settings', entity_id: field, before: { [field]: before[field] }, after: { [field]: value } })
  }
  const after = await loadSettings(env.db)
  if (JSON.stringify(after) !== JSON.stringify(before)) env.emit({ name: 'settings.changed', payload: {} })
  // Platform mode may have begun or ended: the platform fee card follows.
  if (platformChanged) env.emit({ name: 'superConfig.changed', payload: {} })
  return after
}

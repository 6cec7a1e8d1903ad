import type { Handler } from '../env'
import { platformAndOperatorKeys } from '../fees/platform-mode'
import { forgetPlatformConfigVersion } from '../fees/queries'
import { checkNotAMachineKey } from '../machines/rules'
import { SETTING, deleteSetting, writeSetting } from './store'
import { toSettings } from './view'

export const getSettings: Handler<'settings.get'> = async (_args, env) => toSettings(await platformAndOperatorKeys(env.db))

export const updateSettings: Handler<'settings.update'> = async (args, env) => {
  const keys = await platformAndOperatorKeys(env.db)
  const before = toSettings(keys)
  if (args.platform_npub === undefined || (args.platform_npub ?? undefined) === keys.platform) return before
  if (args.platform_npub === null) {
    await deleteSetting(env.db, SETTING.platformPubkey)
  } else {
    await checkNotAMachineKey(env.db, args.platform_npub, 'platform', 'platform_npub')
    await writeSetting(env.db, SETTING.platformPubkey, args.platform_npub, env.now())
  }
  // A new platform: its configs are read from the start, whatever the last one's version was.
  await forgetPlatformConfigVersion(env.db)
  const after = toSettings({ ...keys, platform: args.platform_npub ?? undefined })
  await env.audit({
    entity: 'settings',
    entity_id: 'platform_pubkey',
    before: { platform_npub: before.platform_npub },
    after: { platform_npub: after.platform_npub },
  })
  env.emit({ name: 'settings.changed', payload: {} })
  // Platform mode may have begun or ended: the platform fee card follows.
  env.emit({ name: 'superConfig.changed', payload: {} })
  return after
}

import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { SETTING, readSetting } from '../settings/store'

/** The configured platform key, and the key this app signs with (either may be unset). */
export async function platformAndOperatorKeys(
  db: Kysely<Database>,
): Promise<{ platform: string | undefined; operator: string | undefined }> {
  return {
    platform: await readSetting<string>(db, SETTING.platformPubkey),
    operator: await readSetting<string>(db, SETTING.operatorPubkey),
  }
}

/** Platform mode: the app's own signer is the configured platform key. */
export async function isPlatformMode(db: Kysely<Database>): Promise<boolean> {
  const { platform, operator } = await platformAndOperatorKeys(db)
  return platform !== undefined && platform === operator
}

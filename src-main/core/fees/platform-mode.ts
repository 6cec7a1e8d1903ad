import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { SETTING, readSetting } from '../settings/store'

/** Platform mode: the app's own signer is the configured platform key. */
export async function isPlatformMode(db: Kysely<Database>): Promise<boolean> {
  const platform = await readSetting<string>(db, SETTING.platformPubkey)
  const operator = await readSetting<string>(db, SETTING.operatorPubkey)
  return platform !== undefined && platform === operator
}

/** The platform key whose super config this app accepts; none in platform mode (the app is its author). */
export async function acceptedPlatformKey(db: Kysely<Database>): Promise<string | null> {
  const platform = await readSetting<string>(db, SETTING.platformPubkey)
  const operator = await readSetting<string>(db, SETTING.operatorPubkey)
  return platform && platform !== operator ? platform : null
}

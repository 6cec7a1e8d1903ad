import * as m0001 from './0001_ledger'

/**
 * Every migration, in order. Imported statically so the bundle carries them: the app
 * never scans a directory at run time. Append new ones; never edit one that shipped.
 */
export interface Migration {
  id: string
  sql: string
}

export const migrations: readonly Migration[] = [m0001]

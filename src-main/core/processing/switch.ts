import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Database } from '../ledger/schema'
import { readSetting, writeSetting } from '../settings/store'

/** The processing switch: when paused, nothing is claimed and no leg is paid. Persisted in the ledger. */
export interface ProcessingSwitch {
  paused: boolean
  changed_at: string | null
  changed_by: string | null
  reason: string | null
}

const KEY = 'processing.switch'
const RUNNING: ProcessingSwitch = { paused: false, changed_at: null, changed_by: null, reason: null }

export async function readSwitch(db: Kysely<Database>): Promise<ProcessingSwitch> {
  return (await readSetting<ProcessingSwitch>(db, KEY)) ?? RUNNING
}

export async function writeSwitch(db: Kysely<Database>, value: ProcessingSwitch, now: string): Promise<void> {
  await writeSetting(db, KEY, value, now)
}

/** Refuses to pay anything while the switch is paused, saying who paused it and why. */
export async function requireRunning(db: Kysely<Database>): Promise<void> {
  const sw = await readSwitch(db)
  if (sw.paused) {
    throw new CommandError(
      'conflict',
      `Processing is paused${sw.changed_by ? ` (by ${sw.changed_by}` : ''}${sw.changed_at ? ` at ${sw.changed_at})` : sw.changed_by ? ')' : ''}${sw.reason ? `: ${sw.reason}` : ''}. Resume it first (processing.resume).`,
    )
  }
}

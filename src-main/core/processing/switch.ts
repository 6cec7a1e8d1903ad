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
  /** set when a restore paused it: resuming then needs a reconciliation made since */
  restored_at?: string | null
}

export const SWITCH_SETTING = 'processing.switch'
const KEY = SWITCH_SETTING
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

/**
 * A restored ledger starts paused (docs/design.md#backups): it does not know what was paid after its
 * backup, and ingestion would read those sales again as new. Resuming needs a reconciliation first.
 */
export function pausedByRestore(now: string, backupAt: string): ProcessingSwitch {
  return {
    paused: true,
    changed_at: now,
    changed_by: 'restore',
    reason: `A backup made ${backupAt} was restored: payouts made after it are not in this ledger. Run a reconciliation (reconcile.run) before resuming.`,
    restored_at: now,
  }
}

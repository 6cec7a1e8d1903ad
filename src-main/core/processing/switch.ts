import type { Kysely } from 'kysely'
import type { MessageId } from '../../../src-shared/messages'
import { refusal } from '../../../src-shared/messages/refuse'
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

// What the refusal can say of who paused it and when, each with and without the reason.
const PAUSED = {
  none: { plain: 'processing.paused', reason: 'processing.paused.reason' },
  by: { plain: 'processing.paused.by', reason: 'processing.paused.by.reason' },
  at: { plain: 'processing.paused.at', reason: 'processing.paused.at.reason' },
  by_at: { plain: 'processing.paused.by_at', reason: 'processing.paused.by_at.reason' },
} as const satisfies Record<string, Record<'plain' | 'reason', MessageId>>

/** Refuses to pay anything while the switch is paused, saying who paused it and why. */
export async function requireRunning(db: Kysely<Database>): Promise<void> {
  const sw = await readSwitch(db)
  if (sw.paused) {
    const known = sw.changed_by ? (sw.changed_at ? 'by_at' : 'by') : sw.changed_at ? 'at' : 'none'
    throw refusal('conflict', PAUSED[known][sw.reason ? 'reason' : 'plain'], {
      ...(sw.changed_by ? { by: sw.changed_by } : {}),
      ...(sw.changed_at ? { at: sw.changed_at } : {}),
      ...(sw.reason ? { reason: sw.reason } : {}),
    })
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

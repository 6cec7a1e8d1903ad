import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import type { BackupStore } from '../backup/store'
import { readSetting, SETTING } from '../settings/store'
import type { AuditCut, AuditHead, RelayAuditHead } from './log'

/** A head the chain was known to reach, and where that was recorded (named in what the operator is told). */
export interface KnownHead {
  head: AuditHead
  where: string
}

/**
 * Every head the chain must still hold: the one the settings keep with each row, one found cut
 * when a row was appended, the newest backup's, and the newest the app published to its relays.
 * A restore replaced the chain on purpose (and says so in its own row): backups and relay heads
 * from before it describe the chain it replaced.
 */
export async function knownAuditHeads(db: Kysely<Database>, backups: BackupStore, relayHead: RelayAuditHead | null): Promise<KnownHead[]> {
  const heads: KnownHead[] = []
  const kept = await readSetting<AuditHead>(db, SETTING.auditHead)
  if (kept) heads.push({ head: kept, where: 'the settings' })
  const cut = await readSetting<AuditCut>(db, SETTING.auditCut)
  if (cut) heads.push({ head: cut.known, where: `the settings (noticed ${cut.noticed_at})` })
  const restoredAt = await lastRestoreAt(db)
  const backup = backups.list().find((b) => b.manifest.audit_head && (!restoredAt || b.manifest.created_at > restoredAt))
  if (backup) heads.push({ head: backup.manifest.audit_head!, where: `backup ${backup.id}` })
  if (relayHead) {
    const published = new Date(relayHead.published_at * 1000).toISOString()
    if (!restoredAt || published > restoredAt)
      heads.push({ head: { seq: relayHead.seq, hash: relayHead.hash }, where: `the head published to the relays at ${published}` })
  }
  return heads
}

/** The first of these heads the chain no longer holds (row and hash), or null: a cheap look, not a walk of the chain. */
export async function missingHead(db: Kysely<Database>, heads: KnownHead[]): Promise<KnownHead | null> {
  for (const known of heads) {
    const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', known.head.seq).executeTakeFirst()
    if (row?.hash !== known.head.hash) return known
  }
  return null
}

async function lastRestoreAt(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('audit_log')
    .select('at')
    .where('command', '=', 'backup.restore')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.at ?? null
}

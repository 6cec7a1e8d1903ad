import type { Kysely } from 'kysely'
import { AUDIT_HEAD_D_TAG_PREFIX } from '../../../src-shared/nostr/kinds'
import type { Database } from '../ledger/schema'
import type { BackupStore } from '../backup/store'
import { readSetting, SETTING } from '../settings/store'
import type { AuditCut, AuditHead, RelayAuditHead } from './log'

/** A head the chain was known to reach, and where that was recorded (named in what the operator is told). */
export interface KnownHead {
  head: AuditHead
  where: string
}

export const publishedAt = (h: { published_at: number }): string => new Date(h.published_at * 1000).toISOString()

/**
 * Every head the chain must still hold: the one the settings keep with each row, one found cut
 * when a row was appended, the newest backup's, the last one queued for the relays, and those
 * read back from the relays. A restore replaces the chain on purpose (and says so in its own
 * row at `seq`): a backup from before it, or a relay head from before it that lies past its row,
 * describes the chain it replaced. Those are `left_out`, so what is not checked is still said.
 */
export async function knownAuditHeads(
  db: Kysely<Database>,
  backups: BackupStore,
  relayHeads: (RelayAuditHead | null)[],
): Promise<{ heads: KnownHead[]; left_out: KnownHead[] }> {
  const heads: KnownHead[] = []
  const left_out: KnownHead[] = []
  const kept = await readSetting<AuditHead>(db, SETTING.auditHead)
  if (kept) heads.push({ head: kept, where: 'the settings' })
  const cut = await readSetting<AuditCut>(db, SETTING.auditCut)
  if (cut) heads.push({ head: cut.known, where: `the settings (noticed ${cut.noticed_at})` })
  const restore = await lastRestore(db)
  const backup = backups.list().find((b) => b.manifest.audit_head && (!restore || b.manifest.created_at > restore.at))
  if (backup) heads.push({ head: backup.manifest.audit_head!, where: `backup ${backup.id}` })
  const queued = await lastQueuedHead(db)
  if (queued) heads.push({ head: queued, where: 'the head last queued for the relays' })
  const seen = new Set<string>()
  for (const relay of relayHeads) {
    if (!relay || seen.has(relay.event_id)) continue
    seen.add(relay.event_id)
    const known = { head: { seq: relay.seq, hash: relay.hash }, where: `the head published to the relays at ${publishedAt(relay)}` }
    const fromReplacedChain = restore && publishedAt(relay) < restore.at && relay.seq >= restore.seq
    ;(fromReplacedChain ? left_out : heads).push(known)
  }
  return { heads, left_out }
}

/** The first of these heads the chain no longer holds (row and hash), or null: a cheap look, not a walk of the chain. */
export async function missingHead(db: Kysely<Database>, heads: KnownHead[]): Promise<KnownHead | null> {
  for (const known of heads) {
    const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', known.head.seq).executeTakeFirst()
    if (row?.hash !== known.head.hash) return known
  }
  return null
}

async function lastRestore(db: Kysely<Database>): Promise<{ seq: number; at: string } | null> {
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'at'])
    .where('command', '=', 'backup.restore')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ?? null
}

/** Every head ever queued was the chain's head then, sent or superseded: the newest of them must still be in it. */
async function lastQueuedHead(db: Kysely<Database>): Promise<AuditHead | null> {
  const row = await db
    .selectFrom('outbox')
    .select('content_json')
    .where('d_tag', 'like', `${AUDIT_HEAD_D_TAG_PREFIX}%`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return null
  const { seq, hash } = JSON.parse(row.content_json) as AuditHead
  return { seq, hash }
}

import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { prepared } from '../ledger/prepared'
import type { AuditLogTable, Database } from '../ledger/schema'
import { readSetting, SETTING, writeSetting } from '../settings/store'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntry {
  actor: string
  command: string
  entity: string
  entity_id: string
  before: unknown
  after: unknown
}

/** Hash of one row, chained to its predecessor so any edit or removal breaks every later hash. */
export function auditHash(
  prevHash: string,
  row: {
    at: string
    actor: string
    command: string
    entity: string
    entity_id: string
    before_json: string | null
    after_json: string | null
  },
): string {
  const canonical = JSON.stringify([prevHash, row.at, row.actor, row.command, row.entity, row.entity_id, row.before_json, row.after_json])
  return createHash('sha256').update(canonical).digest('hex')
}

const insertAuditRow = prepared((db, v: Omit<AuditLogTable, 'seq'>) =>
  db
    .insertInto('audit_log')
    .values({
      at: v.at,
      actor: v.actor,
      command: v.command,
      entity: v.entity,
      entity_id: v.entity_id,
      before_json: v.before_json,
      after_json: v.after_json,
      prev_hash: v.prev_hash,
      hash: v.hash,
    })
    .returning('seq'),
)

/** Appends one row; call inside the mutation's transaction so the log and the change commit together. */
export async function appendAudit(trx: Kysely<Database>, at: string, entry: AuditEntry): Promise<void> {
  const { last, head } = await tail(trx)
  await noticeCut(trx, last, head, at)
  const prev_hash = last?.hash ?? GENESIS_HASH
  const row = {
    at,
    actor: entry.actor,
    command: entry.command,
    entity: entry.entity,
    entity_id: entry.entity_id,
    before_json: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
  }
  const hash = auditHash(prev_hash, row)
  const [inserted] = await insertAuditRow(trx, { ...row, prev_hash, hash })
  const seq = inserted!.seq
  // The head is kept apart from the rows: rows cut from the end leave the chain short of it.
  await writeSetting(trx, SETTING.auditHead, { seq, hash }, at)
}

export interface AuditHead {
  seq: number
  hash: string
}

/** The head as the relays hold it (docs/wire-formats.md#audit-head): signed by the operator, so a ledger edited on disk cannot forge it. */
export interface RelayAuditHead extends AuditHead {
  event_id: string
  /** the event's created_at (unix seconds) */
  published_at: number
}

/** What the chain's tail was found to be, against the head the settings knew (set once, never cleared). */
export interface AuditCut {
  known: AuditHead
  found: AuditHead | null
  noticed_at: string
}

/** The chain's last row and the head the settings hold, read together: every appended row needs both. */
async function tail(trx: Kysely<Database>): Promise<{ last: AuditHead | undefined; head: AuditHead | undefined }> {
  const { rows } = await sql<{ seq: number | null; hash: string | null; head: string | null }>`
    SELECT a.seq, a.hash, (SELECT value_json FROM settings WHERE key = ${SETTING.auditHead}) AS head
    FROM (SELECT 1) LEFT JOIN (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) a`.execute(trx)
  const row = rows[0]!
  return {
    last: row.seq === null ? undefined : { seq: row.seq, hash: row.hash! },
    head: row.head === null ? undefined : (JSON.parse(row.head) as AuditHead),
  }
}

/**
 * The chain must still end at the head the settings hold before anything is appended to it: a
 * tail cut (or rewritten) since is written down once, so the next row's head does not hide it.
 */
async function noticeCut(trx: Kysely<Database>, last: AuditHead | undefined, head: AuditHead | undefined, at: string): Promise<void> {
  if (!head || (last && last.seq === head.seq && last.hash === head.hash)) return
  if (await readSetting<AuditCut>(trx, SETTING.auditCut)) return
  const cut: AuditCut = { known: head, found: last ?? null, noticed_at: at }
  await writeSetting(trx, SETTING.auditCut, cut, at)
}

/**
 * Walks the chain from the start; returns the first row whose hash does not follow, or null when
 * intact. Each head the chain was known to have reached (kept in the settings, in backups) must
 * still be in it, row and hash: a chain cut short or rewritten from there on is `cut`.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  knownHeads: { head: AuditHead; where: string }[] = [],
): Promise<{ rows: number; brokenAt: number | null; cut: { head: AuditHead; where: string } | null }> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
  let prev = GENESIS_HASH
  const hashAt = new Map<number, string>()
  for (const row of rows) {
    if (row.prev_hash !== prev || auditHash(prev, row) !== row.hash) return { rows: rows.length, brokenAt: row.seq, cut: null }
    prev = row.hash
    hashAt.set(row.seq, row.hash)
  }
  const cut = knownHeads.find((k) => hashAt.get(k.head.seq) !== k.head.hash) ?? null
  return { rows: rows.length, brokenAt: null, cut }
}

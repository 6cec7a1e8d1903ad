import type { Kysely, Selectable } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { AuditLogTable, Database } from '../ledger/schema'

/** The audit log pages by sequence number, newest first; its cursor is the last seq seen (base64url). */
export async function auditPage(
  db: Kysely<Database>,
  args: { cursor?: string | null; limit: number; entity?: string; entity_id?: string },
): Promise<(Selectable<AuditLogTable> & { id: string })[]> {
  let before: number | undefined
  if (args.cursor) {
    const text = Buffer.from(args.cursor, 'base64url').toString('utf8')
    before = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN
    if (!Number.isSafeInteger(before))
      throw new CommandError('invalid_args', 'cursor is not one returned by a previous page', [
        { path: 'cursor', message: 'is not one returned by a previous page' },
      ])
  }
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(args.limit + 1)
  if (args.entity) q = q.where('entity', '=', args.entity)
  if (args.entity_id) q = q.where('entity_id', '=', args.entity_id)
  if (before !== undefined) q = q.where('seq', '<', before)
  return (await q.execute()).map((r) => ({ ...r, id: String(r.seq) }))
}

import { CommandError } from '../../../src-shared/contract/errors'
import { verifyAuditChain } from './log'
import type { Handler } from '../handler'
import { toPage } from '../ledger/paging'

/** The audit log pages by sequence number, newest first; its cursor is the last seq seen. */
export const listAudit: Handler<'audit.list'> = async (args, env) => {
  let before: number | undefined
  if (args.cursor) {
    before = Number(Buffer.from(args.cursor, 'base64url').toString('utf8'))
    if (!Number.isSafeInteger(before))
      throw new CommandError('invalid_args', 'cursor is not one returned by a previous page', [
        { path: 'cursor', message: 'is not one returned by a previous page' },
      ])
  }
  let q = env.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(args.limit + 1)
  if (args.entity) q = q.where('entity', '=', args.entity)
  if (args.entity_id) q = q.where('entity_id', '=', args.entity_id)
  if (before !== undefined) q = q.where('seq', '<', before)
  const rows = (await q.execute()).map((r) => ({ ...r, id: String(r.seq) }))
  const page = toPage(rows, args.limit, (r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    command: r.command,
    entity: r.entity,
    entity_id: r.entity_id,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
    hash: r.hash,
  }))
  return page
}

export const verifyAudit: Handler<'audit.verify'> = async (_args, env) => {
  const r = await verifyAuditChain(env.db)
  return { rows: r.rows, intact: r.brokenAt === null, broken_at: r.brokenAt }
}

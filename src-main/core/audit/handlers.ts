import { verifyAuditChain } from './log'
import { auditPage } from './queries'
import type { Handler } from '../env'
import { toPage } from '../ledger/paging'

export const listAudit: Handler<'audit.list'> = async (args, env) =>
  toPage(await auditPage(env.db, args), args.limit, (r) => ({
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

export const verifyAudit: Handler<'audit.verify'> = async (_args, env) => {
  const r = await verifyAuditChain(env.db)
  return { rows: r.rows, intact: r.brokenAt === null, broken_at: r.brokenAt }
}

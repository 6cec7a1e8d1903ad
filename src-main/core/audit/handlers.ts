import { verifyAuditChain } from './log'
import { knownAuditHeads } from './known-heads'
import { readRelayAuditHead } from './relay-head'
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
  // What the relays hold now, opened afresh: a head kept in the ledger file could be edited with it.
  const relay = await readRelayAuditHead(env, null)
  const r = await verifyAuditChain(env.db, await knownAuditHeads(env.db, env.backups, relay.head))
  return {
    rows: r.rows,
    intact: r.brokenAt === null && r.cut === null,
    broken_at: r.brokenAt,
    cut_short:
      r.cut === null
        ? null
        : {
            known_seq: r.cut.head.seq,
            known_hash: r.cut.head.hash,
            known_from: r.cut.where,
            message: `The audit log no longer holds row ${r.cut.head.seq} as ${r.cut.where} recorded it: rows were removed or rewritten from there on.`,
          },
    relay_head: relay.head && {
      seq: relay.head.seq,
      hash: relay.head.hash,
      published_at: new Date(relay.head.published_at * 1000).toISOString(),
    },
    relay_errors: relay.errors,
  }
}

import { verifyAuditChain } from './log'
import { knownAuditHeads, publishedAt } from './known-heads'
import type { RelayAuditHead } from './log'
import { readSetting, SETTING } from '../settings/store'
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
  // What the relays hold now, opened afresh (the copy kept in the ledger file could be edited with
  // it); the copy is checked too, as one more head the chain reached.
  const kept = (await readSetting<RelayAuditHead>(env.db, SETTING.auditRelayHead)) ?? null
  const relay = await readRelayAuditHead(env, null)
  const { heads, left_out } = await knownAuditHeads(env.db, env.backups, [relay.head, kept])
  const r = await verifyAuditChain(env.db, heads)
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
    relay_head: relay.head && { seq: relay.head.seq, hash: relay.head.hash, published_at: publishedAt(relay.head) },
    relay_errors: relay.errors,
    other_ledgers: relay.others.map((o) => ({ ledger_id: o.ledger_id, published_at: publishedAt(o) })),
    not_checked: left_out.map((k) => ({
      seq: k.head.seq,
      known_from: k.where,
      reason: 'published before the last restore, past the restore: it describes the chain the restore replaced',
    })),
  }
}

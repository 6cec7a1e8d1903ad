import { verifyAuditChain, type AuditCut, type AuditHead } from './log'
import { readSetting, SETTING } from '../settings/store'
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
  const heads: { head: AuditHead; where: string }[] = []
  const kept = await readSetting<AuditHead>(env.db, SETTING.auditHead)
  if (kept) heads.push({ head: kept, where: 'the settings' })
  // a cut noticed when the next row was appended: that head is gone from the chain for good
  const cut = await readSetting<AuditCut>(env.db, SETTING.auditCut)
  if (cut) heads.push({ head: cut.known, where: `the settings (noticed ${cut.noticed_at})` })
  // A restore replaced the chain on purpose (and says so in its own row): backups before it describe another chain.
  const restored = await env.db
    .selectFrom('audit_log')
    .select('at')
    .where('command', '=', 'backup.restore')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const backup = env.backups.list().find((b) => b.manifest.audit_head && (!restored || b.manifest.created_at > restored.at))
  if (backup) heads.push({ head: backup.manifest.audit_head!, where: `backup ${backup.id}` })
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
  }
}

import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { ReconcileReport, WalletReconciliation } from '../../../src-shared/domain/reconcile'
import type { Handler } from '../env'
import { reconcileWallet } from './against-lnbits'
import { verifyCommissions } from './commissions'

export const verifyCommissionsHandler: Handler<'reconcile.verifyCommissions'> = (args, env) => verifyCommissions(env.db, args.machine_id)

/** Every bound wallet (or the one given) against LNbits; the report is kept in the ledger and audited. */
export const reconcileRun: Handler<'reconcile.run'> = async (args, env) => {
  let q = env.db.selectFrom('wallet_bindings').selectAll().orderBy('created_at')
  if (args.wallet_id) q = q.where('id', '=', args.wallet_id)
  const wallets = await q.execute()
  if (args.wallet_id && wallets.length === 0)
    throw refusal('not_found', 'reconcile.wallet.not_found', { id: args.wallet_id }, [
      refusalIssue('wallet_id', 'reconcile.wallet.not_found.issue'),
    ])
  const results: WalletReconciliation[] = []
  for (const w of wallets) results.push(await reconcileWallet({ db: env.db, secrets: env.secrets, lnbits: env.lnbits }, w))
  const report: ReconcileReport = {
    id: env.newId(),
    created_at: env.now(),
    actor: env.actor,
    ok: results.every((w) => w.error === null && w.findings.every((f) => f.severity !== 'mismatch')),
    wallets: results,
  }
  await env.transaction(async (tx) => {
    await tx.db
      .insertInto('reconcile_reports')
      .values({
        id: report.id,
        created_at: report.created_at,
        actor: report.actor,
        ok: report.ok ? 1 : 0,
        report_json: JSON.stringify(report),
      })
      .execute()
    const mismatches = results.reduce((a, w) => a + w.findings.filter((f) => f.severity === 'mismatch').length, 0)
    await tx.audit({
      entity: 'reconcile_report',
      entity_id: report.id,
      before: null,
      after: { ok: report.ok, wallets: results.length, mismatches },
    })
  })
  return report
}

export const listReconciliations: Handler<'reconcile.list'> = async (args, env) =>
  (await env.db.selectFrom('reconcile_reports').select('report_json').orderBy('created_at', 'desc').limit(args.limit).execute()).map(
    (r) => JSON.parse(r.report_json) as ReconcileReport,
  )

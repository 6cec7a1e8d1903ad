import { CommandError } from '../../../src-shared/contract/errors'
import { refusal } from '../../../src-shared/messages/refuse'
import type { ProcessingStatus } from '../../../src-shared/domain/processing'
import type { CommandEnv, Handler, OwnEnv } from '../env'
import { processSettlement } from '../settlement/processor'
import { processorDeps } from './pay-pending'
import { countSettlements, pendingSettlements } from '../settlement/queries'
import { readSwitch, writeSwitch, type ProcessingSwitch } from './switch'
import type { ReconcileReport } from '../../../src-shared/domain/reconcile'

async function status(env: CommandEnv, sw: ProcessingSwitch): Promise<ProcessingStatus> {
  const counts = await countSettlements(env.db, ['pending', 'processing'])
  return { ...sw, pending: counts.pending, processing: counts.processing, blocked: await blockedBy(env) }
}

/** Why payouts cannot run although the switch is on: said in the header instead of a green "on". */
async function blockedBy(env: CommandEnv): Promise<string | null> {
  const secrets = env.secrets.status()
  if (secrets.locked)
    return `The stored keys are locked: no sale is read and nothing is paid until they open (Settings → Stored keys). ${secrets.reason ?? ''}`.trim()
  const unbound = await env.db
    .selectFrom('machines as m')
    .leftJoin('wallet_bindings as w', (j) => j.onRef('w.machine_id', '=', 'm.id').on('w.role', '=', 'machine'))
    .select('m.name')
    .where('m.is_active', '=', 1)
    .where('w.id', 'is', null)
    .execute()
  if (unbound.length > 0)
    return `${unbound.map((m) => m.name).join(', ')} ${unbound.length === 1 ? 'has' : 'have'} no LNbits wallet bound: ${unbound.length === 1 ? 'its' : 'their'} sales are not read or paid (Settings → LNbits wallets).`
  const signer = await env.signer.status()
  if (signer.mode !== 'none' && !signer.ready)
    return 'The signer is locked or away: payouts run, but the ATMs get no fee or cassette update until it is back (Settings → Your Nostr signer).'
  return null
}

async function flip(env: OwnEnv, paused: boolean, reason: string): Promise<ProcessingSwitch> {
  return env.transaction(async (tx) => {
    const now = tx.now()
    const before = await readSwitch(tx.db)
    const next: ProcessingSwitch = { paused, changed_at: now, changed_by: tx.actor, reason: reason || null }
    await writeSwitch(tx.db, next, now)
    await tx.audit({ entity: 'processing', entity_id: 'switch', before, after: next })
    tx.emit({ name: 'processing.changed', payload: { paused } })
    return next
  })
}

export const pauseProcessing: Handler<'processing.pause'> = async (args, env) => status(env, await flip(env, true, args.reason))

/**
 * After a restore, payouts resume only once LNbits was reconciled since, and showed no payment for
 * a leg this ledger does not know (each would be paid again): unless the operator overrides it.
 */
async function requireReconciledSinceRestore(env: CommandEnv, override: boolean): Promise<void> {
  const sw = await readSwitch(env.db)
  if (!sw.restored_at || override) return
  const last = await env.db
    .selectFrom('reconcile_reports')
    .select(['created_at', 'report_json'])
    .where('created_at', '>', sw.restored_at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!last) throw refusal('conflict', 'processing.restore.not_reconciled', { restored_at: sw.restored_at })
  const report = JSON.parse(last.report_json) as ReconcileReport
  const unknown = report.wallets
    .flatMap((w) => w.findings)
    .filter((f) => f.kind === 'payment_for_unknown_leg' || f.kind === 'leg_paid_but_not_completed')
  const unread = report.wallets.filter((w) => w.error)
  if (unknown.length > 0 || unread.length > 0)
    throw unread.length > 0
      ? unread.length === 1
        ? refusal('conflict', 'processing.restore.unread.one')
        : refusal('conflict', 'processing.restore.unread.many', { count: unread.length })
      : unknown.length === 1
        ? refusal('conflict', 'processing.restore.unknown.one')
        : refusal('conflict', 'processing.restore.unknown.many', { count: unknown.length })
}

export const resumeProcessing: Handler<'processing.resume'> = async (args, env) => {
  await requireReconciledSinceRestore(env, args.override_restore_check)
  if (args.mode === 'all') return status(env, await flip(env, false, ''))
  // The careful way back: one settlement, the oldest pending, while the switch stays paused.
  const deps = processorDeps(env)
  const [oldest] = await pendingSettlements(env.db, 1)
  let ran: ProcessingStatus['ran'] = null
  if (oldest) {
    const reason = await deps.payer.readiness(oldest.machine_id)
    if (reason) throw new CommandError('unavailable', reason)
    const r = await processSettlement(deps, oldest.id, { ignorePause: true })
    ran = { settlement_id: oldest.id, status: r.status, error: r.error }
  }
  return { ...(await status(env, await readSwitch(env.db))), ran }
}

export const processingStatus: Handler<'processing.status'> = async (_args, env) => status(env, await readSwitch(env.db))

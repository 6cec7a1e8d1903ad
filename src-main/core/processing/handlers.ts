import { CommandError } from '../../../src-shared/contract/errors'
import type { ProcessingStatus } from '../../../src-shared/domain/processing'
import type { CommandEnv, Handler, OwnEnv } from '../env'
import { processSettlement } from '../settlement/processor'
import { processorDeps } from './pay-pending'
import { countSettlements, pendingSettlements } from '../settlement/queries'
import { readSwitch, writeSwitch, type ProcessingSwitch } from './switch'

async function status(env: CommandEnv, sw: ProcessingSwitch): Promise<ProcessingStatus> {
  const counts = await countSettlements(env.db, ['pending', 'processing'])
  return { ...sw, pending: counts.pending, processing: counts.processing }
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

export const resumeProcessing: Handler<'processing.resume'> = async (args, env) => {
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

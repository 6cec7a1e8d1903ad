import { CommandError } from '../../../src-shared/contract/errors'
import type { ProcessingStatus } from '../../../src-shared/domain/processing'
import type { HandlerEnv } from '../env'
import { inWriteTransaction } from '../ledger/transaction'
import { appendAudit } from '../audit/log'
import { readSwitch, writeSwitch, type ProcessingSwitch } from './switch'
import { processSettlement, type ProcessorDeps } from '../settlement/processor'
import type { Handler } from '../handler'

async function status(env: HandlerEnv, sw: ProcessingSwitch): Promise<ProcessingStatus> {
  const counts = await env.ledger
    .selectFrom('settlements')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'processing'])
    .groupBy('status')
    .execute()
  const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0)
  return { ...sw, pending: count('pending'), processing: count('processing') }
}

async function flip(env: HandlerEnv, paused: boolean, reason: string): Promise<ProcessingSwitch> {
  const now = env.now()
  const before = await readSwitch(env.ledger)
  const next: ProcessingSwitch = { paused, changed_at: now, changed_by: env.actor, reason: reason || null }
  await inWriteTransaction(env.ledger, async (trx) => {
    await writeSwitch(trx, next, now)
    await appendAudit(trx, now, { actor: env.actor, command: paused ? 'processing.pause' : 'processing.resume', entity: 'processing', entity_id: 'switch', before, after: next })
  })
  env.emit({ name: 'processing.changed', payload: { paused } })
  return next
}

export const pauseProcessing: Handler<'processing.pause'> = async (args, env) => status(env, await flip(env, true, args.reason))

export const resumeProcessing: Handler<'processing.resume'> = async (args, env) => {
  if (args.mode === 'all') return status(env, await flip(env, false, ''))
  // The careful way back: one settlement, the oldest pending, while the switch stays paused.
  const deps = processorDeps(env)
  const oldest = await env.ledger.selectFrom('settlements').select(['id', 'machine_id']).where('status', '=', 'pending').orderBy('id').limit(1).executeTakeFirst()
  let ran: ProcessingStatus['ran'] = null
  if (oldest) {
    const reason = await deps.payer.readiness(oldest.machine_id)
    if (reason) throw new CommandError('unavailable', reason)
    const r = await processSettlement(deps, oldest.id, { ignorePause: true })
    ran = { settlement_id: oldest.id, status: r.status, error: r.error }
  }
  return { ...(await status(env, await readSwitch(env.ledger))), ran }
}

export const processingStatus: Handler<'processing.status'> = async (_args, env) => status(env, await readSwitch(env.ledger))

/** Refuses to pay anything while the switch is paused, saying who paused it and why. */
export async function requireRunning(env: HandlerEnv): Promise<void> {
  const sw = await readSwitch(env.ledger)
  if (sw.paused) {
    throw new CommandError('conflict', `Processing is paused${sw.changed_by ? ` (by ${sw.changed_by}` : ''}${sw.changed_at ? ` at ${sw.changed_at})` : sw.changed_by ? ')' : ''}${sw.reason ? `: ${sw.reason}` : ''}. Resume it first (processing.resume).`)
  }
}

/** What the processor needs, from the command's environment; refused when no payer is configured. */
export function processorDeps(env: HandlerEnv): ProcessorDeps {
  if (!env.payer) throw new CommandError('unavailable', 'No payer is configured. Nothing was processed.')
  return { db: env.ledger, payer: env.payer, secrets: env.secrets, now: env.now, newId: env.newId, actor: env.actor, logger: env.logger, emit: env.emit }
}

import { refusal } from '../../../src-shared/messages/refuse'
import type { ProcessResult } from '../../../src-shared/domain/settlement'
import type { OwnEnv } from '../env'
import { processSettlement, type ProcessorDeps } from '../settlement/processor'
import { checkDestination } from '../destinations/verify'
import { pendingSettlements } from '../settlement/queries'

/**
 * What the processor needs, from a command that commits step by step; refused when no payer is
 * configured, or while the data key is locked (every leg needs a sealed key or destination, and a
 * leg must wait for the key, not fail for want of it).
 */
export function processorDeps(env: OwnEnv): ProcessorDeps {
  if (!env.payer) throw refusal('unavailable', 'processing.no_payer')
  const secrets = env.secrets.status()
  if (secrets.locked)
    throw secrets.reason === null
      ? refusal('unavailable', 'processing.locked')
      : refusal('unavailable', 'processing.nothing_processed', { reason: secrets.reason })
  return {
    db: env.db,
    payer: env.payer,
    secrets: env.secrets,
    now: env.now,
    newId: env.newId,
    actor: env.actor,
    logger: env.logger,
    emit: env.emit,
    checkDestination: (kind, value) => checkDestination(env, kind, value),
  }
}

/** A payer that cannot pay for this machine (no wallet bound) is asked before anything is claimed or planned. */
export async function requirePayerReady(deps: ProcessorDeps, machineId: string): Promise<void> {
  const reason = await deps.payer.readiness(machineId)
  if (reason) throw refusal('unavailable', 'processing.nothing_processed', { reason })
}

/** Pays the oldest pending settlements; one whose machine cannot be paid from stays pending, and the result says why. */
export async function processPending(deps: ProcessorDeps, limit: number): Promise<ProcessResult> {
  const processed: ProcessResult['processed'] = []
  const waiting: ProcessResult['waiting'] = []
  for (const { id, machine_id } of await pendingSettlements(deps.db, limit)) {
    const reason = await deps.payer.readiness(machine_id)
    if (reason) {
      waiting.push({ settlement_id: id, reason })
      continue
    }
    const r = await processSettlement(deps, id)
    if (r.claimed) processed.push({ settlement_id: id, status: r.status, error: r.error })
  }
  return { processed, waiting }
}

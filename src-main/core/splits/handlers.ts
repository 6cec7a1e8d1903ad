import { storeDestination } from '../destinations/store'
import type { SplitLegsTable, SplitRulesetsTable } from '../ledger/schema'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { deleteRuleset, effectiveRuleset, insertRuleset, loadRuleset } from './queries'
import { checkRuleset, savedExternalLeg } from './rules'
import { toSplitRuleset } from './view'

export const getSplits: Handler<'splits.get'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId === null) return toSplitRuleset(null, 'default', await loadRuleset(env.db, null))
  await loadMachine(env.db, machineId)
  if (args.effective) {
    const e = await effectiveRuleset(env.db, machineId)
    return toSplitRuleset(machineId, e.scope, e)
  }
  return toSplitRuleset(machineId, 'override', await loadRuleset(env.db, machineId))
}

export const replaceSplits: Handler<'splits.replace'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId !== null) await loadMachine(env.db, machineId)
  await checkRuleset(env.db, machineId, args.legs)
  const before = await loadRuleset(env.db, machineId)
  const id = env.newId()
  const keptOnce = new Set<number>()
  const legs: SplitLegsTable[] = args.legs.map((leg, position) => {
    if ('saved' in leg) {
      const kept = savedExternalLeg(before?.legs, leg, position, keptOnce)
      return { ...kept, ruleset_id: id, position, label: leg.label ?? kept.label, fraction_parts: leg.fraction }
    }
    if ('client_id' in leg) {
      return {
        ruleset_id: id,
        position,
        target_kind: 'client',
        client_id: leg.client_id,
        destination: null,
        destination_kind: null,
        destination_enc: null,
        label: '',
        fraction_parts: leg.fraction,
      }
    }
    const dest = storeDestination(env.secrets, leg.destination)
    return {
      ruleset_id: id,
      position,
      target_kind: 'external',
      client_id: null,
      destination: dest.display,
      destination_kind: dest.kind,
      destination_enc: dest.sealed,
      label: leg.label,
      fraction_parts: leg.fraction,
    }
  })
  if (before) await deleteRuleset(env.db, before.ruleset.id)
  const ruleset: SplitRulesetsTable = { id, machine_id: machineId, created_by: env.actor, created_at: env.now() }
  await insertRuleset(env.db, ruleset, legs)
  const after = toSplitRuleset(machineId, machineId === null ? 'default' : 'override', await loadRuleset(env.db, machineId))
  await env.audit({
    entity: 'splits',
    entity_id: machineId ?? 'default',
    before: before ? toSplitRuleset(machineId, 'override', before) : null,
    after,
  })
  env.emit({ name: 'splits.changed', payload: { machine_id: machineId } })
  return after
}

export const clearSplits: Handler<'splits.clear'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId !== null) await loadMachine(env.db, machineId)
  const before = await loadRuleset(env.db, machineId)
  if (before) {
    await deleteRuleset(env.db, before.ruleset.id)
    await env.audit({
      entity: 'splits',
      entity_id: machineId ?? 'default',
      before: toSplitRuleset(machineId, 'override', before),
      after: null,
    })
    env.emit({ name: 'splits.changed', payload: { machine_id: machineId } })
  }
  return toSplitRuleset(machineId, 'none', undefined)
}

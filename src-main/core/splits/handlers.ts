import { CommandError } from '../../../src-shared/contract/errors'
import { formatFraction } from '../../../src-shared/money/fraction'
import type { SplitRuleset } from '../../../src-shared/domain/splits'
import { storeDestination } from '../destinations/store'
import type { SplitLegsTable, SplitRulesetsTable } from '../ledger/schema'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/queries'
import { effectiveRuleset, loadRuleset } from './queries'

function view(machineId: string | null, scope: SplitRuleset['scope'], found: { ruleset: SplitRulesetsTable | null; legs: SplitLegsTable[] } | undefined): SplitRuleset {
  return {
    machine_id: machineId,
    scope: found?.ruleset ? scope : 'none',
    legs: (found?.legs ?? []).map((l) => ({ position: l.position, target_kind: l.target_kind, client_id: l.client_id, destination: l.destination, label: l.label, fraction: formatFraction(l.fraction_parts) })),
    created_at: found?.ruleset?.created_at ?? null,
    created_by: found?.ruleset?.created_by ?? null,
  }
}

export const getSplits: Handler<'splits.get'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId === null) return view(null, 'default', await loadRuleset(env.db, null))
  await loadMachine(env.db, machineId)
  if (args.effective) {
    const e = await effectiveRuleset(env.db, machineId)
    return view(machineId, e.scope, e)
  }
  return view(machineId, 'override', await loadRuleset(env.db, machineId))
}

export const replaceSplits: Handler<'splits.replace'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId !== null) await loadMachine(env.db, machineId)
  const total = args.legs.reduce((a, l) => a + l.fraction, 0)
  if (total !== 10_000) {
    throw new CommandError('invalid_args', `The fractions sum to ${formatFraction(total)}; they must sum to exactly 1.0000. Nothing was changed.`, [
      { path: 'legs', message: `fractions sum to ${formatFraction(total)}, not 1.0000` },
    ])
  }
  const seen = new Set<string>()
  for (const [i, leg] of args.legs.entries()) {
    if (!('client_id' in leg)) continue
    if (machineId === null) {
      throw new CommandError('invalid_args', 'The operator default ruleset applies to every machine, so it cannot name one machine\'s LP; use an external destination, or set a per-machine override.', [
        { path: `legs.${i}.client_id`, message: 'is not allowed in the default ruleset' },
      ])
    }
    const client = await env.db.selectFrom('clients').select(['id', 'machine_id', 'destination_kind']).where('id', '=', leg.client_id).executeTakeFirst()
    if (!client || client.machine_id !== machineId) {
      throw new CommandError('invalid_args', `Leg ${i + 1} names an LP that is not one of this machine's.`, [{ path: `legs.${i}.client_id`, message: "is not an LP of this machine" }])
    }
    if (!client.destination_kind) {
      throw new CommandError('invalid_args', `Leg ${i + 1} names an LP without a payout destination.`, [{ path: `legs.${i}.client_id`, message: 'has no payout destination' }])
    }
    if (seen.has(leg.client_id)) throw new CommandError('invalid_args', `Leg ${i + 1} names the same LP twice; merge them into one leg.`, [{ path: `legs.${i}.client_id`, message: 'appears twice' }])
    seen.add(leg.client_id)
  }
  const before = await loadRuleset(env.db, machineId)
  if (before) await env.db.deleteFrom('split_rulesets').where('id', '=', before.ruleset.id).execute()
  const id = env.newId()
  const legs: SplitLegsTable[] = args.legs.map((leg, position) => {
    if ('client_id' in leg) {
      return { ruleset_id: id, position, target_kind: 'client', client_id: leg.client_id, destination: null, destination_kind: null, destination_enc: null, label: '', fraction_parts: leg.fraction }
    }
    const dest = storeDestination(env.secrets, leg.destination)
    return { ruleset_id: id, position, target_kind: 'external', client_id: null, destination: dest.display, destination_kind: dest.kind, destination_enc: dest.sealed, label: leg.label, fraction_parts: leg.fraction }
  })
  // Legs first, then the ruleset row: its trigger checks the sum once everything is in.
  await env.db.insertInto('split_legs').values(legs).execute()
  const ruleset: SplitRulesetsTable = { id, machine_id: machineId, created_by: env.actor, created_at: env.now() }
  await env.db.insertInto('split_rulesets').values(ruleset).execute()
  const after = view(machineId, machineId === null ? 'default' : 'override', { ruleset, legs })
  await env.audit({ entity: 'splits', entity_id: machineId ?? 'default', before: before ? view(machineId, 'override', before) : null, after })
  env.emit({ name: 'splits.changed', payload: { machine_id: machineId } })
  return after
}

export const clearSplits: Handler<'splits.clear'> = async (args, env) => {
  const machineId = args.machine_id ?? null
  if (machineId !== null) await loadMachine(env.db, machineId)
  const before = await loadRuleset(env.db, machineId)
  if (before) {
    await env.db.deleteFrom('split_rulesets').where('id', '=', before.ruleset.id).execute()
    await env.audit({ entity: 'splits', entity_id: machineId ?? 'default', before: view(machineId, 'override', before), after: null })
    env.emit({ name: 'splits.changed', payload: { machine_id: machineId } })
  }
  return view(machineId, 'none', undefined)
}

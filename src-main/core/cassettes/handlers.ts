import { CommandError } from '../../../src-shared/contract/errors'
import { cassetteDTag } from '../../../src-shared/domain/cassettes'
import { toCassetteRow } from './state-sub'
import { queuePublish } from '../relays/outbox'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/handlers'

export const listCassettes: Handler<'cassettes.list'> = async (args, env) => {
  await loadMachine(env.db, args.machine_id)
  return (await env.db.selectFrom('cassette_configs').selectAll().where('machine_id', '=', args.machine_id).orderBy('position').execute()).map(toCassetteRow)
}

/**
 * The operator's loading of the bays (after a refill), stored with who and when and queued for
 * the ATM (DESIGN §6.1). The bays are the ATM's hardware: the set must be exactly the one it
 * reported; an empty set means the ATM has not reported yet.
 */
export const publishCassettes: Handler<'cassettes.publish'> = async (args, env) => {
  const machine = await loadMachine(env.db, args.machine_id)
  const rows = await env.db.selectFrom('cassette_configs').selectAll().where('machine_id', '=', machine.id).orderBy('position').execute()
  if (rows.length === 0) {
    throw new CommandError('conflict', `Waiting for the ATM: "${machine.name}" has not reported its cassettes yet. They appear here once it does.`)
  }
  const stored = rows.map((r) => r.position)
  const given = Object.keys(args.positions).map(Number)
  const missing = stored.filter((p) => !given.includes(p))
  const extra = given.filter((p) => !stored.includes(p)).sort((a, b) => a - b)
  if (missing.length || extra.length) {
    throw new CommandError(
      'invalid_args',
      `The bays must be the ones the ATM has (${stored.join(', ')}).${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${extra.length ? ` Not on this ATM: ${extra.join(', ')}.` : ''}`,
      [{ path: 'positions', message: 'must be exactly the bays the ATM reported' }],
    )
  }
  const now = env.now()
  for (const row of rows) {
    const bay = args.positions[String(row.position)]!
    await env.db.updateTable('cassette_configs').set({ denomination: bay.denomination, count: bay.count, updated_by: env.actor, updated_at: now }).where('machine_id', '=', machine.id).where('position', '=', row.position).execute()
  }
  await queuePublish(env.db, { id: env.newId(), now, kind: 30078, d_tag: cassetteDTag(machine.machine_pubkey), recipient: machine.machine_pubkey, content: { positions: args.positions }, encrypt: true })
  const after = (await env.db.selectFrom('cassette_configs').selectAll().where('machine_id', '=', machine.id).orderBy('position').execute()).map(toCassetteRow)
  await env.audit({ command: 'cassettes.publish', entity: 'machine', entity_id: machine.id, before: rows.map(toCassetteRow), after })
  return after
}

import { APP_EVENT_KIND, cassetteDTag } from '../../../src-shared/nostr/kinds'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { queuePublish } from '../relays/outbox'
import { machineBays, setBay } from './queries'
import { checkBaySet } from './rules'
import { toCassetteRow } from './view'

export const listCassettes: Handler<'cassettes.list'> = async (args, env) => {
  await loadMachine(env.db, args.machine_id)
  return (await machineBays(env.db, args.machine_id)).map(toCassetteRow)
}

/** The operator's loading of the bays (after a refill), stored with who and when and queued for the ATM. */
export const publishCassettes: Handler<'cassettes.publish'> = async (args, env) => {
  const machine = await loadMachine(env.db, args.machine_id)
  const rows = await machineBays(env.db, machine.id)
  checkBaySet(machine, rows, args.positions)
  const now = env.now()
  for (const row of rows) await setBay(env.db, machine.id, row.position, args.positions[String(row.position)]!, env.actor, now)
  await queuePublish(env.db, {
    id: env.newId(),
    now,
    kind: APP_EVENT_KIND,
    d_tag: cassetteDTag(machine.machine_pubkey),
    recipient: machine.machine_pubkey,
    content: { positions: args.positions },
    encrypt: true,
  })
  const after = (await machineBays(env.db, machine.id)).map(toCassetteRow)
  await env.audit({ entity: 'machine', entity_id: machine.id, before: rows.map(toCassetteRow), after })
  return after
}

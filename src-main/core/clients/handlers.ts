import { CommandError } from '../../../src-shared/contract/errors'
import { formatFiat } from '../../../src-shared/money/currency'
import { storeDestination } from '../destinations/store'
import { lpBalances } from './remaining'
import type { ClientsTable } from '../ledger/schema'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/queries'
import { decodeCursor, toPage } from '../ledger/paging'
import { toClient } from './view'
import { clientHistory, loadClient } from './queries'
import { clientBalanceOf } from './statement'
import { settleBalance } from './settle'

export const createClient: Handler<'clients.create'> = async (args, env) => {
  await loadMachine(env.db, args.machine_id)
  const now = env.now()
  const dest = args.payout_destination ? storeDestination(env.secrets, args.payout_destination) : null
  const row: ClientsTable = {
    id: env.newId(),
    machine_id: args.machine_id,
    name: args.name,
    pubkey: args.pubkey ?? null,
    payout_destination: dest?.display ?? null,
    destination_kind: dest?.kind ?? null,
    destination_enc: dest?.sealed ?? null,
    destination_verified_at: null,
    status: 'active',
    created_at: now,
    updated_at: now,
  }
  await env.db.insertInto('clients').values(row).execute()
  const client = toClient(row)
  await env.audit({ entity: 'client', entity_id: row.id, before: null, after: client })
  env.emit({ name: 'clients.changed', payload: { id: row.id } })
  return client
}

export const listClients: Handler<'clients.list'> = async (args, env) => {
  const after = decodeCursor(args.cursor)
  let q = env.db
    .selectFrom('clients')
    .selectAll()
    .orderBy('id')
    .limit(args.limit + 1)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (after) q = q.where('id', '>', after)
  return toPage(await q.execute(), args.limit, toClient)
}

export const getClient: Handler<'clients.get'> = async (args, env) => toClient(await loadClient(env.db, args.id))

export const updateClient: Handler<'clients.update'> = async (args, env) => {
  const before = await loadClient(env.db, args.id)
  const patch: Partial<ClientsTable> = { updated_at: env.now() }
  if (args.name !== undefined) patch.name = args.name
  if (args.pubkey !== undefined) patch.pubkey = args.pubkey
  if (args.status !== undefined) patch.status = args.status
  if (args.payout_destination !== undefined) {
    if (args.payout_destination === null) {
      const [balance] = await lpBalances(env.db, { client_id: args.id })
      if (balance && balance.remaining > 0) {
        const { fiat_code } = await loadMachine(env.db, before.machine_id)
        throw new CommandError(
          'conflict',
          `This LP still has a remaining balance of ${formatFiat(balance.remaining, fiat_code)} to receive as sats: give them a new destination instead of removing it.`,
          [{ path: 'payout_destination', message: 'cannot be removed while the LP has a remaining balance' }],
        )
      }
      Object.assign(patch, { payout_destination: null, destination_kind: null, destination_enc: null, destination_verified_at: null })
    } else {
      const dest = storeDestination(env.secrets, args.payout_destination)
      Object.assign(patch, {
        payout_destination: dest.display,
        destination_kind: dest.kind,
        destination_enc: dest.sealed,
        destination_verified_at: null,
      })
    }
  }
  await env.db.updateTable('clients').set(patch).where('id', '=', args.id).execute()
  const after = toClient({ ...before, ...patch })
  await env.audit({ entity: 'client', entity_id: args.id, before: toClient(before), after })
  env.emit({ name: 'clients.changed', payload: { id: args.id } })
  return after
}

export const deleteClient: Handler<'clients.delete'> = async (args, env) => {
  const before = await loadClient(env.db, args.id)
  const history = await clientHistory(env.db, args.id)
  if (history.deposits > 0 || history.legs > 0) {
    throw new CommandError(
      'conflict',
      `LP "${before.name}" has ${history.deposits} deposit(s) and ${history.legs} payment or split record(s); an LP with history is kept. Set its status to inactive instead.`,
    )
  }
  await env.db.deleteFrom('clients').where('id', '=', args.id).execute()
  await env.audit({ entity: 'client', entity_id: args.id, before: toClient(before), after: null })
  env.emit({ name: 'clients.changed', payload: { id: args.id } })
  return { deleted: args.id }
}

export const clientBalance: Handler<'clients.balance'> = async (args, env) => {
  const client = await loadClient(env.db, args.id)
  const machine = await loadMachine(env.db, client.machine_id)
  return clientBalanceOf(env.db, client.id, machine.fiat_code)
}

export const settleClient: Handler<'clients.settle'> = (args, env) => settleBalance(env, args)

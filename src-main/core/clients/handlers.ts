import { storeDestination } from '../destinations/store'
import type { ClientsTable } from '../ledger/schema'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { toPage } from '../ledger/paging'
import { toClient } from './view'
import { clientPage, deleteClientRow, insertClient, loadClient, patchClient } from './queries'
import { checkDeletable, checkDestinationRemovable } from './rules'
import { clientBalanceOf } from './balance'
import { periodStatement } from './statement'
import { settleBalance } from './settle'

/** A new or removed destination has not been checked: what was known of the old one does not carry over. */
const UNCHECKED = { destination_verified_at: null, destination_checked_at: null, destination_check_error: null }

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
    destination_checked_at: null,
    destination_check_error: null,
    status: 'active',
    created_at: now,
    updated_at: now,
  }
  await insertClient(env.db, row)
  const client = toClient(row)
  await env.audit({ entity: 'client', entity_id: row.id, before: null, after: client })
  env.emit({ name: 'clients.changed', payload: { id: row.id } })
  return client
}

export const listClients: Handler<'clients.list'> = async (args, env) => toPage(await clientPage(env.db, args), args.limit, toClient)

export const getClient: Handler<'clients.get'> = async (args, env) => toClient(await loadClient(env.db, args.id))

export const updateClient: Handler<'clients.update'> = async (args, env) => {
  const before = await loadClient(env.db, args.id)
  const patch: Partial<ClientsTable> = { updated_at: env.now() }
  if (args.name !== undefined) patch.name = args.name
  if (args.pubkey !== undefined) patch.pubkey = args.pubkey
  if (args.status !== undefined) patch.status = args.status
  if (args.payout_destination !== undefined) {
    if (args.payout_destination === null) {
      await checkDestinationRemovable(env.db, before)
      Object.assign(patch, { payout_destination: null, destination_kind: null, destination_enc: null, ...UNCHECKED })
    } else {
      const dest = storeDestination(env.secrets, args.payout_destination)
      Object.assign(patch, {
        payout_destination: dest.display,
        destination_kind: dest.kind,
        destination_enc: dest.sealed,
        ...UNCHECKED,
      })
    }
  }
  await patchClient(env.db, args.id, patch)
  const after = toClient({ ...before, ...patch })
  await env.audit({ entity: 'client', entity_id: args.id, before: toClient(before), after })
  env.emit({ name: 'clients.changed', payload: { id: args.id } })
  return after
}

export const deleteClient: Handler<'clients.delete'> = async (args, env) => {
  const before = await loadClient(env.db, args.id)
  await checkDeletable(env.db, before)
  await deleteClientRow(env.db, args.id)
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

export const clientStatement: Handler<'clients.statement'> = (args, env) => periodStatement(env.db, args.id, args, env.now())

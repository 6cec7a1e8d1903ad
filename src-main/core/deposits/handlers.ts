import { refusal } from '../../../src-shared/messages/refuse'
import type { DepositsTable } from '../ledger/schema'
import { loadClient } from '../clients/queries'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { toPage } from '../ledger/paging'
import { toDeposit } from './view'
import {
  deletePendingDeposit,
  depositPage,
  editPendingDeposit,
  insertDeposit,
  loadDeposit,
  reverseConfirmedDeposit,
  settleDepositStatus,
} from './queries'
import { checkDepositable, checkReversible, requirePending } from './rules'

const changedMeanwhile = () => refusal('conflict', 'deposits.changed_meanwhile')

export const createDeposit: Handler<'deposits.create'> = async (args, env) => {
  const client = await loadClient(env.db, args.client_id)
  const machine = await loadMachine(env.db, args.machine_id)
  checkDepositable(client, machine)
  const now = env.now()
  const row: DepositsTable = {
    id: env.newId(),
    client_id: client.id,
    machine_id: machine.id,
    amount: args.amount,
    currency: machine.fiat_code, // always the machine's: never taken from input
    status: 'pending',
    note: args.note,
    created_at: now,
    updated_at: now,
    confirmed_at: null,
    reversed_at: null,
    reversal_reason: null,
  }
  await insertDeposit(env.db, row)
  await env.audit({ entity: 'deposit', entity_id: row.id, before: null, after: row })
  env.emit({ name: 'deposits.changed', payload: { id: row.id } })
  return toDeposit(row)
}

export const listDeposits: Handler<'deposits.list'> = async (args, env) => toPage(await depositPage(env.db, args), args.limit, toDeposit)

export const getDeposit: Handler<'deposits.get'> = async (args, env) => toDeposit(await loadDeposit(env.db, args.id))

export const updateDeposit: Handler<'deposits.update'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, 'edited')
  const after: DepositsTable = { ...before, amount: args.amount ?? before.amount, note: args.note ?? before.note, updated_at: env.now() }
  if (!(await editPendingDeposit(env.db, after))) throw changedMeanwhile()
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return toDeposit(after)
}

export const setDepositStatus: Handler<'deposits.setStatus'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, args.status === 'confirmed' ? 'confirmed' : 'cancelled')
  const now = env.now()
  const after: DepositsTable = { ...before, status: args.status, updated_at: now, confirmed_at: args.status === 'confirmed' ? now : null }
  if (!(await settleDepositStatus(env.db, after))) throw changedMeanwhile()
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return toDeposit(after)
}

export const deleteDeposit: Handler<'deposits.delete'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, 'deleted')
  if (!(await deletePendingDeposit(env.db, args.id))) throw changedMeanwhile()
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after: null })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return { deleted: args.id }
}

/** Takes back a confirmed deposit (over-counted, recorded twice), with the reason, while the LP's balance covers it. */
export const reverseDeposit: Handler<'deposits.reverse'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  const client = await loadClient(env.db, before.client_id)
  await checkReversible(env.db, before, client.name)
  const now = env.now()
  if (!(await reverseConfirmedDeposit(env.db, before.id, args.reason, now))) throw changedMeanwhile()
  const after: DepositsTable = { ...before, status: 'reversed', reversed_at: now, reversal_reason: args.reason, updated_at: now }
  await env.audit({ entity: 'deposit', entity_id: before.id, before, after })
  env.emit({ name: 'deposits.changed', payload: { id: before.id } })
  env.emit({ name: 'clients.changed', payload: { id: before.client_id } })
  return toDeposit(after)
}

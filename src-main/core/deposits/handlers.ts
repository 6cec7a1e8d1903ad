import { CommandError } from '../../../src-shared/contract/errors'
import type { DepositsTable } from '../ledger/schema'
import { loadClient } from '../clients/queries'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/queries'
import { decodeCursor, toPage } from '../ledger/paging'
import { toDeposit } from './view'
import { loadDeposit } from './queries'

function requirePending(row: DepositsTable, what: string): void {
  if (row.status !== 'pending') {
    throw new CommandError(
      'conflict',
      `This deposit is ${row.status}; only a pending deposit can be ${what}. Record a new deposit to correct a confirmed one.`,
    )
  }
}

export const createDeposit: Handler<'deposits.create'> = async (args, env) => {
  const client = await loadClient(env.db, args.client_id)
  const machine = await loadMachine(env.db, args.machine_id)
  if (client.machine_id !== machine.id) {
    throw new CommandError('invalid_args', `LP "${client.name}" belongs to another machine, not "${machine.name}".`, [
      { path: 'machine_id', message: "is not this LP's machine" },
    ])
  }
  // Onboarded = a payout destination that was checked live: sats bought with this deposit must have somewhere to go.
  if (!client.destination_kind) {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is not onboarded: they have no payout destination yet, so sats bought with this deposit would have nowhere to go. Add their Lightning address, LNURL or LNbits key, then verify it.`,
      [{ path: 'client_id', message: 'is not onboarded (no payout destination)' }],
    )
  }
  if (!client.destination_verified_at) {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is not onboarded: their payout destination (${client.payout_destination}) has not been verified. Verify it first (LPs → Verify, or destinations.verify); nothing is paid by the check.`,
      [{ path: 'client_id', message: 'is not onboarded (destination not verified)' }],
    )
  }
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
  }
  await env.db.insertInto('deposits').values(row).execute()
  await env.audit({ entity: 'deposit', entity_id: row.id, before: null, after: row })
  env.emit({ name: 'deposits.changed', payload: { id: row.id } })
  return toDeposit(row)
}

export const listDeposits: Handler<'deposits.list'> = async (args, env) => {
  const after = decodeCursor(args.cursor)
  let q = env.db
    .selectFrom('deposits')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(args.limit + 1)
  if (args.client_id) q = q.where('client_id', '=', args.client_id)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (args.status) q = q.where('status', '=', args.status)
  if (after) q = q.where('id', '<', after)
  return toPage(await q.execute(), args.limit, toDeposit)
}

export const getDeposit: Handler<'deposits.get'> = async (args, env) => toDeposit(await loadDeposit(env.db, args.id))

export const updateDeposit: Handler<'deposits.update'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, 'edited')
  const after: DepositsTable = { ...before, amount: args.amount ?? before.amount, note: args.note ?? before.note, updated_at: env.now() }
  await env.db
    .updateTable('deposits')
    .set({ amount: after.amount, note: after.note, updated_at: after.updated_at })
    .where('id', '=', args.id)
    .execute()
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return toDeposit(after)
}

export const setDepositStatus: Handler<'deposits.setStatus'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, args.status === 'confirmed' ? 'confirmed' : 'cancelled')
  const now = env.now()
  const after: DepositsTable = { ...before, status: args.status, updated_at: now, confirmed_at: args.status === 'confirmed' ? now : null }
  // The WHERE on status makes a concurrent second confirm a no-op instead of a double count.
  const r = await env.db
    .updateTable('deposits')
    .set({ status: after.status, updated_at: now, confirmed_at: after.confirmed_at })
    .where('id', '=', args.id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) throw new CommandError('conflict', 'The deposit changed meanwhile; reload and try again.')
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return toDeposit(after)
}

export const deleteDeposit: Handler<'deposits.delete'> = async (args, env) => {
  const before = await loadDeposit(env.db, args.id)
  requirePending(before, 'deleted')
  await env.db.deleteFrom('deposits').where('id', '=', args.id).execute()
  await env.audit({ entity: 'deposit', entity_id: args.id, before, after: null })
  env.emit({ name: 'deposits.changed', payload: { id: args.id } })
  return { deleted: args.id }
}

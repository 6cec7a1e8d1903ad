import type { MachinesTable } from '../ledger/schema'
import type { Handler } from '../env'
import { toPage } from '../ledger/paging'
import { feeConfigChanged, feeConfigDelivery, queueFeeConfig } from '../fees/fee-config'
import { loadSuperConfig } from '../fees/queries'
import { insertMachine, loadMachine, machinePage, saveMachine } from './queries'
import { checkCurrencyChange, checkMachineFees, checkPubkeyCollision } from './rules'
import { toMachine } from './view'

export const createMachine: Handler<'machines.create'> = async (args, env) => {
  const sup = await loadSuperConfig(env.db)
  const now = env.now()
  const row: MachinesTable = {
    id: env.newId(),
    name: args.name,
    location: args.location,
    machine_pubkey: args.machine_npub,
    fiat_code: args.fiat_code,
    operator_cash_in_fee_parts: args.operator_cash_in_fee_fraction,
    operator_cash_out_fee_parts: args.operator_cash_out_fee_fraction,
    is_active: 1,
    created_at: now,
    updated_at: now,
  }
  checkMachineFees(row, sup)
  await checkPubkeyCollision(env.db, row.machine_pubkey)
  await insertMachine(env.db, row)
  // Always, even at 0/0: the fee config releases the ATM's awaiting-fees gate.
  await queueFeeConfig(env.db, row, sup, env.newId(), row.updated_at)
  const machine = toMachine(row)
  await env.audit({ entity: 'machine', entity_id: row.id, before: null, after: machine })
  env.emit({ name: 'machines.changed', payload: { id: row.id } })
  return machine
}

export const listMachines: Handler<'machines.list'> = async (args, env) => toPage(await machinePage(env.db, args), args.limit, toMachine)

export const getMachine: Handler<'machines.get'> = async (args, env) => toMachine(await loadMachine(env.db, args.id))

export const updateMachine: Handler<'machines.update'> = async (args, env) => {
  const before = await loadMachine(env.db, args.id)
  const after: MachinesTable = {
    ...before,
    name: args.name ?? before.name,
    location: args.location ?? before.location,
    machine_pubkey: args.machine_npub ?? before.machine_pubkey,
    fiat_code: args.fiat_code ?? before.fiat_code,
    operator_cash_in_fee_parts: args.operator_cash_in_fee_fraction ?? before.operator_cash_in_fee_parts,
    operator_cash_out_fee_parts: args.operator_cash_out_fee_fraction ?? before.operator_cash_out_fee_parts,
    is_active: args.is_active === undefined ? before.is_active : args.is_active ? 1 : 0,
    updated_at: env.now(),
  }
  // The cap is checked against the machine as it would be after the edit.
  const sup = await loadSuperConfig(env.db)
  checkMachineFees(after, sup, after.name)
  if (after.machine_pubkey !== before.machine_pubkey) await checkPubkeyCollision(env.db, after.machine_pubkey, before.id)
  await checkCurrencyChange(env.db, before, after)
  await saveMachine(env.db, after)
  // An active machine whose ATM was last sent other fees (the platform fee changed while it was
  // inactive) is sent the current ones with any edit, its reactivation first among them.
  const missed = async () => after.is_active === 1 && !(await feeConfigDelivery(env.db, after, sup)).in_step
  if (feeConfigChanged(before, after) || (await missed())) await queueFeeConfig(env.db, after, sup, env.newId(), after.updated_at)
  const machine = toMachine(after)
  await env.audit({ entity: 'machine', entity_id: before.id, before: toMachine(before), after: machine })
  env.emit({ name: 'machines.changed', payload: { id: before.id } })
  return machine
}

/** Machines are never deleted (their history stays); deactivating stops using one. */
export const deactivateMachine: Handler<'machines.deactivate'> = async (args, env) => {
  const before = await loadMachine(env.db, args.id)
  const after: MachinesTable = { ...before, is_active: 0, updated_at: env.now() }
  await saveMachine(env.db, after)
  await env.audit({ entity: 'machine', entity_id: args.id, before: toMachine(before), after: toMachine(after) })
  env.emit({ name: 'machines.changed', payload: { id: args.id } })
  return toMachine(after)
}

import { CommandError } from '../../../src-shared/contract/errors'
import { formatFraction } from '../../../src-shared/money/fraction'
import { toNpub } from '../../../src-shared/nostr/pubkey'
import { FEE_CAP_PARTS, type Machine } from '../../../src-shared/domain/machine'
import type { Kysely } from 'kysely'
import type { Database, MachinesTable } from '../ledger/schema'
import { SETTING, readSetting } from '../settings/store'
import type { Handler } from '../handler'
import { feeConfigChanged, queueFeeConfig } from '../fees/fee-config'
import { decodeCursor, toPage } from '../ledger/paging'

export function toMachine(row: MachinesTable): Machine {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    machine_pubkey: row.machine_pubkey,
    machine_npub: toNpub(row.machine_pubkey),
    fiat_code: row.fiat_code,
    operator_cash_in_fee_fraction: formatFraction(row.operator_cash_in_fee_parts),
    operator_cash_out_fee_fraction: formatFraction(row.operator_cash_out_fee_parts),
    is_active: row.is_active === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export async function loadMachine(db: Kysely<Database>, id: string): Promise<MachinesTable> {
  const row = await db.selectFrom('machines').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No machine with id ${id}.`)
  return row
}

/** DESIGN §3: round4(super + operator) <= 0.15 per direction. Parts are exact, so the sum needs no rounding. */
export function checkFeeCap(direction: 'cash_in' | 'cash_out', superParts: number, operatorParts: number, machineName?: string, path = `operator_${direction}_fee_fraction`): void {
  const total = superParts + operatorParts
  if (total > FEE_CAP_PARTS) {
    const who = machineName ? ` on machine "${machineName}"` : ''
    throw new CommandError(
      'fee_cap_exceeded',
      `The ${direction} fee${who} would be ${formatFraction(total)} (super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)}), above the cap of ${formatFraction(FEE_CAP_PARTS)}. ${
        path.startsWith('super') ? `Lower the operator ${direction} fee of that machine first, or the super fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - operatorParts))}.` : `Lower the operator ${direction} fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - superParts))}.`
      }`,
      [{ path, message: `super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)} = ${formatFraction(total)} is above the ${formatFraction(FEE_CAP_PARTS)} cap` }],
    )
  }
}

/** The seed's collision guard: an ATM sharing the operator's or the platform's key would let one sign as the other. */
async function checkPubkeyCollision(db: Kysely<Database>, pubkey: string, exceptMachineId?: string): Promise<void> {
  const issue = (message: string) => [{ path: 'machine_npub', message }]
  if (pubkey === (await readSetting<string>(db, SETTING.operatorPubkey))) {
    throw new CommandError('conflict', "This is the operator's own Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the operator's.", issue("is the operator's own key"))
  }
  if (pubkey === (await readSetting<string>(db, SETTING.platformPubkey))) {
    throw new CommandError('conflict', "This is the platform's Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the platform's.", issue("is the platform's key"))
  }
  const other = await db.selectFrom('machines').select(['id', 'name']).where('machine_pubkey', '=', pubkey).executeTakeFirst()
  if (other && other.id !== exceptMachineId) {
    throw new CommandError('conflict', `Machine "${other.name}" (${other.id}) already uses this public key. Each ATM has its own key.`, issue('is already used by another machine'))
  }
}

export const createMachine: Handler<'machines.create'> = async (args, env) => {
  const sup = await env.db.selectFrom('super_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
  checkFeeCap('cash_in', sup.super_cash_in_fee_parts, args.operator_cash_in_fee_fraction)
  checkFeeCap('cash_out', sup.super_cash_out_fee_parts, args.operator_cash_out_fee_fraction)
  await checkPubkeyCollision(env.db, args.machine_npub)
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
  await env.db.insertInto('machines').values(row).execute()
  // Always, even at 0/0: the fee config releases the ATM's awaiting-fees gate (DESIGN §6.3).
  await queueFeeConfig(env.db, row, await env.db.selectFrom('super_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow(), env.newId(), row.updated_at)
  const machine = toMachine(row)
  await env.audit({ command: 'machines.create', entity: 'machine', entity_id: row.id, before: null, after: machine })
  env.emit({ name: 'machines.changed', payload: { id: row.id } })
  return machine
}

export const listMachines: Handler<'machines.list'> = async (args, env) => {
  const after = decodeCursor(args.cursor)
  let q = env.db.selectFrom('machines').selectAll().orderBy('id').limit(args.limit + 1)
  if (after) q = q.where('id', '>', after)
  if (!args.include_inactive) q = q.where('is_active', '=', 1)
  return toPage(await q.execute(), args.limit, toMachine)
}

export const getMachine: Handler<'machines.get'> = async (args, env) => toMachine(await loadMachine(env.db, args.id))

async function hasHistory(db: Kysely<Database>, machineId: string): Promise<boolean> {
  const deposit = await db.selectFrom('deposits').select('id').where('machine_id', '=', machineId).limit(1).executeTakeFirst()
  const settlement = await db.selectFrom('settlements').select('id').where('machine_id', '=', machineId).limit(1).executeTakeFirst()
  return deposit !== undefined || settlement !== undefined
}

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
  const sup = await env.db.selectFrom('super_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
  checkFeeCap('cash_in', sup.super_cash_in_fee_parts, after.operator_cash_in_fee_parts, after.name)
  checkFeeCap('cash_out', sup.super_cash_out_fee_parts, after.operator_cash_out_fee_parts, after.name)
  if (after.machine_pubkey !== before.machine_pubkey) await checkPubkeyCollision(env.db, after.machine_pubkey, before.id)
  if (after.fiat_code !== before.fiat_code && (await hasHistory(env.db, before.id))) {
    throw new CommandError('conflict', `Machine "${before.name}" already has deposits or settlements in ${before.fiat_code}; its currency cannot change. Add a new machine for ${after.fiat_code}.`, [
      { path: 'fiat_code', message: 'cannot change once the machine has history' },
    ])
  }
  const { id: _id, created_at: _c, ...values } = after
  await env.db.updateTable('machines').set(values).where('id', '=', before.id).execute()
  if (feeConfigChanged(before, after)) await queueFeeConfig(env.db, after, sup, env.newId(), after.updated_at)
  const machine = toMachine(after)
  await env.audit({ command: 'machines.update', entity: 'machine', entity_id: before.id, before: toMachine(before), after: machine })
  env.emit({ name: 'machines.changed', payload: { id: before.id } })
  return machine
}

/** Machines are never deleted (their history stays); deactivating stops using one. */
export const deactivateMachine: Handler<'machines.deactivate'> = async (args, env) => {
  const before = await loadMachine(env.db, args.id)
  const after: MachinesTable = { ...before, is_active: 0, updated_at: env.now() }
  await env.db.updateTable('machines').set({ is_active: 0, updated_at: after.updated_at }).where('id', '=', args.id).execute()
  await env.audit({ command: 'machines.deactivate', entity: 'machine', entity_id: args.id, before: toMachine(before), after: toMachine(after) })
  env.emit({ name: 'machines.changed', payload: { id: args.id } })
  return toMachine(after)
}

import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import { checkFeeCap } from '../../../src-shared/domain/fee-cap'
import type { Database, MachinesTable, SuperConfigTable } from '../ledger/schema'
import { SETTING, readSetting } from '../settings/store'
import { machineHasHistory, machineWithPubkey } from './queries'

/** Both directions of the fee cap, for the machine as it would be. */
export function checkMachineFees(
  machine: Pick<MachinesTable, 'operator_cash_in_fee_parts' | 'operator_cash_out_fee_parts'>,
  sup: SuperConfigTable,
  machineName?: string,
): void {
  checkFeeCap('cash_in', sup.super_cash_in_fee_parts, machine.operator_cash_in_fee_parts, machineName)
  checkFeeCap('cash_out', sup.super_cash_out_fee_parts, machine.operator_cash_out_fee_parts, machineName)
}

/** The collision guard: an ATM sharing the operator's or the platform's key would let one sign as the other. */
export async function checkPubkeyCollision(db: Kysely<Database>, pubkey: string, exceptMachineId?: string): Promise<void> {
  const issue = (message: string) => [{ path: 'machine_npub', message }]
  if (pubkey === (await readSetting<string>(db, SETTING.operatorPubkey))) {
    throw new CommandError(
      'conflict',
      "This is the operator's own Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the operator's.",
      issue("is the operator's own key"),
    )
  }
  if (pubkey === (await readSetting<string>(db, SETTING.platformPubkey))) {
    throw new CommandError(
      'conflict',
      "This is the platform's Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the platform's.",
      issue("is the platform's key"),
    )
  }
  const other = await machineWithPubkey(db, pubkey)
  if (other && other.id !== exceptMachineId) {
    throw new CommandError(
      'conflict',
      `Machine "${other.name}" (${other.id}) already uses this public key. Each ATM has its own key.`,
      issue('is already used by another machine'),
    )
  }
}

/** A machine's currency is fixed once money was recorded in it. */
export async function checkCurrencyChange(db: Kysely<Database>, before: MachinesTable, after: MachinesTable): Promise<void> {
  if (after.fiat_code === before.fiat_code || !(await machineHasHistory(db, before.id))) return
  throw new CommandError(
    'conflict',
    `Machine "${before.name}" already has deposits or settlements in ${before.fiat_code}; its currency cannot change. Add a new machine for ${after.fiat_code}.`,
    [{ path: 'fiat_code', message: 'cannot change once the machine has history' }],
  )
}

/**
 * The collision guard from the other side: the operator's signer key, or the platform's key, is
 * never an ATM's. `path` is the field that carried the key, when one did.
 */
export async function checkNotAMachineKey(
  db: Kysely<Database>,
  pubkey: string,
  whose: 'operator' | 'platform',
  path?: string,
): Promise<void> {
  const machine = await machineWithPubkey(db, pubkey)
  if (!machine) return
  throw new CommandError(
    'conflict',
    `This is the key of machine "${machine.name}". The ${whose} signs with a key of its own: events an ATM signs must never be mistaken for the ${whose}'s. Nothing was changed.`,
    path ? [{ path, message: `is machine "${machine.name}"'s key` }] : undefined,
  )
}

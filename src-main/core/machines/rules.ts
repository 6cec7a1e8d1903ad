import type { Kysely } from 'kysely'
import { checkFeeCap } from '../../../src-shared/domain/fee-cap'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
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
  if (pubkey === (await readSetting<string>(db, SETTING.operatorPubkey))) {
    throw refusal('conflict', 'machines.pubkey.operator', undefined, [refusalIssue('machine_npub', 'machines.pubkey.operator.issue')])
  }
  if (pubkey === (await readSetting<string>(db, SETTING.platformPubkey))) {
    throw refusal('conflict', 'machines.pubkey.platform', undefined, [refusalIssue('machine_npub', 'machines.pubkey.platform.issue')])
  }
  const other = await machineWithPubkey(db, pubkey)
  if (other && other.id !== exceptMachineId) {
    throw refusal('conflict', 'machines.pubkey.taken', { name: other.name, id: other.id }, [
      refusalIssue('machine_npub', 'machines.pubkey.taken.issue'),
    ])
  }
}

/** A machine's currency is fixed once money was recorded in it. */
export async function checkCurrencyChange(db: Kysely<Database>, before: MachinesTable, after: MachinesTable): Promise<void> {
  if (after.fiat_code === before.fiat_code || !(await machineHasHistory(db, before.id))) return
  throw refusal('conflict', 'machines.currency.locked', { name: before.name, currency: before.fiat_code, new_currency: after.fiat_code }, [
    refusalIssue('fiat_code', 'machines.currency.locked.issue'),
  ])
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
  const params = { name: machine.name }
  throw refusal(
    'conflict',
    whose === 'operator' ? 'machines.machine_key.operator' : 'machines.machine_key.platform',
    params,
    path ? [refusalIssue(path, 'machines.machine_key.issue', params)] : undefined,
  )
}

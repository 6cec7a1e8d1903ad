import type { Kysely } from 'kysely'
import { formatFraction } from '../../../src-shared/money/fraction'
import { APP_EVENT_KIND, feeConfigDTag } from '../../../src-shared/nostr/kinds'
import type { Database, MachinesTable, SuperConfigTable } from '../ledger/schema'
import { queuePublish } from '../relays/outbox'

/** The fees an ATM charges, from the operator to that ATM (docs/wire-formats.md#fee-config). */
export function feeConfigContent(machine: MachinesTable, sup: SuperConfigTable) {
  const side = (superParts: number, operatorParts: number) => ({
    super: formatFraction(superParts),
    operator: formatFraction(operatorParts),
    total: formatFraction(superParts + operatorParts),
  })
  return {
    v: 1,
    fiat_code: machine.fiat_code,
    cash_in: side(sup.super_cash_in_fee_parts, machine.operator_cash_in_fee_parts),
    cash_out: side(sup.super_cash_out_fee_parts, machine.operator_cash_out_fee_parts),
  }
}

/** Queues the machine's fee config (in the caller's transaction): it goes out when a relay and the signer are there. */
export async function queueFeeConfig(
  trx: Kysely<Database>,
  machine: MachinesTable,
  sup: SuperConfigTable,
  id: string,
  now: string,
): Promise<void> {
  await queuePublish(trx, {
    id,
    now,
    kind: APP_EVENT_KIND,
    d_tag: feeConfigDTag(machine.machine_pubkey),
    recipient: machine.machine_pubkey,
    content: feeConfigContent(machine, sup),
    encrypt: true,
  })
}

/**
 * Whether an edit changes what the ATM must know: an operator fee (and, as the fee config
 * carries them, the currency and the ATM's own key). Name, location and active edits do not.
 */
export function feeConfigChanged(before: MachinesTable, after: MachinesTable): boolean {
  return (
    before.operator_cash_in_fee_parts !== after.operator_cash_in_fee_parts ||
    before.operator_cash_out_fee_parts !== after.operator_cash_out_fee_parts ||
    before.fiat_code !== after.fiat_code ||
    before.machine_pubkey !== after.machine_pubkey
  )
}

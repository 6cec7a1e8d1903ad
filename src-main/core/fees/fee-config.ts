import type { Kysely } from 'kysely'
import type { FeeConfigContent, FeeSide, MachineFeeConfig } from '../../../src-shared/domain/machine'
import { formatFraction } from '../../../src-shared/money/fraction'
import { APP_EVENT_KIND, feeConfigDTag } from '../../../src-shared/nostr/kinds'
import type { Database, MachinesTable, SuperConfigTable } from '../ledger/schema'
import { queuePublish } from '../relays/outbox'
import { outboxWithStatus } from '../relays/queries'
import { toOutboxItem } from '../relays/view'

/** The fees an ATM charges, from the operator to that ATM (docs/wire-formats.md#fee-config). */
export function feeConfigContent(machine: MachinesTable, sup: SuperConfigTable): FeeConfigContent {
  const side = (superParts: number, operatorParts: number): FeeSide => ({
    super: formatFraction(superParts),
    operator: formatFraction(operatorParts),
    total: formatFraction(superParts + operatorParts),
  })
  return {
    v: 1 as const,
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

/** What the ATM should hold now against the last fee config queued for it (docs/commands.md: machines.feeConfig). */
export async function feeConfigDelivery(db: Kysely<Database>, machine: MachinesTable, sup: SuperConfigTable): Promise<MachineFeeConfig> {
  const current = feeConfigContent(machine, sup)
  const [newest] = await outboxWithStatus(db, { limit: 1, d_tag: feeConfigDTag(machine.machine_pubkey) })
  // The content is the operator's own fee numbers, never sealed: safe to show.
  const last = newest ? { ...toOutboxItem(newest), content: JSON.parse(newest.item.content_json) as FeeConfigContent } : null
  return { machine_id: machine.id, current, last, in_step: last !== null && sameFees(last.content, current) }
}

function sameFees(a: FeeConfigContent, b: FeeConfigContent): boolean {
  const side = (x: FeeSide, y: FeeSide) => x.super === y.super && x.operator === y.operator && x.total === y.total
  return a.fiat_code === b.fiat_code && side(a.cash_in, b.cash_in) && side(a.cash_out, b.cash_out)
}

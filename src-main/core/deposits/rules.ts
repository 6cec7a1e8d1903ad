import { CommandError } from '../../../src-shared/contract/errors'
import type { Kysely } from 'kysely'
import { formatFiat } from '../../../src-shared/money/currency'
import { lpBalances } from '../clients/remaining'
import type { ClientsTable, Database, DepositsTable, MachinesTable } from '../ledger/schema'

/** Only a pending deposit is edited, confirmed, cancelled or deleted; a confirmed one is corrected by a new one. */
export function requirePending(row: DepositsTable, what: string): void {
  if (row.status !== 'pending') {
    throw new CommandError(
      'conflict',
      `This deposit is ${row.status}; only a pending deposit can be ${what}. Record a new deposit to correct a confirmed one.`,
    )
  }
}

/** A deposit is taken for an onboarded LP of the machine: the sats it buys must have somewhere to go. */
export function checkDepositable(client: ClientsTable, machine: MachinesTable): void {
  if (client.machine_id !== machine.id) {
    throw new CommandError('invalid_args', `LP "${client.name}" belongs to another machine, not "${machine.name}".`, [
      { path: 'machine_id', message: "is not this LP's machine" },
    ])
  }
  if (client.status !== 'active') {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is inactive: an inactive LP takes no new deposits (what they have left keeps receiving DCA until it is zero or settled). Activate them first to record a deposit.`,
      [{ path: 'client_id', message: 'is inactive' }],
    )
  }
  // Onboarded = a well-formed payout destination: sats bought with this deposit have somewhere to go.
  // It is checked live whenever the app can, and always before the first payment to it; a dispatcher offline can still take the cash.
  if (!client.destination_kind) {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is not onboarded: they have no payout destination yet, so sats bought with this deposit would have nowhere to go. Add their Lightning address, LNURL or LNbits key.`,
      [{ path: 'client_id', message: 'is not onboarded (no payout destination)' }],
    )
  }
}

/**
 * A confirmed deposit is reversed only while the LP's remaining balance still covers it: fiat
 * already turned into sats for them cannot be taken back by a reversal. The refusal names the
 * shortfall.
 */
export async function checkReversible(db: Kysely<Database>, deposit: DepositsTable, clientName: string): Promise<void> {
  if (deposit.status !== 'confirmed') {
    throw new CommandError(
      'conflict',
      `This deposit is ${deposit.status}; only a confirmed deposit is reversed (a pending one is edited, cancelled or deleted).`,
    )
  }
  const [balance] = await lpBalances(db, { client_id: deposit.client_id })
  const remaining = balance?.remaining ?? 0
  if (remaining < deposit.amount) {
    const money = (n: number) => formatFiat(n, deposit.currency)
    throw new CommandError(
      'conflict',
      `${clientName} has ${money(remaining)} left of their balance, ${money(deposit.amount - remaining)} short of this deposit's ${money(deposit.amount)}: that much already went to them as sats, which cannot be taken back. Nothing was changed; settle the difference with the LP directly.`,
      [{ path: 'id', message: `the LP's remaining balance is ${money(deposit.amount - remaining)} short` }],
    )
  }
}

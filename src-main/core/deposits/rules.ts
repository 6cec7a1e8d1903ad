import type { Kysely } from 'kysely'
import { formatFiat } from '../../../src-shared/money/currency'
import type { MessageId } from '../../../src-shared/messages'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import { lpBalances } from '../clients/remaining'
import type { ClientsTable, Database, DepositsTable, MachinesTable } from '../ledger/schema'

/** What is done to a pending deposit only. */
export type PendingAction = 'edited' | 'confirmed' | 'cancelled' | 'deleted'

// The status and the action are words of the sentence: each pair has its message.
const NOT_PENDING = {
  confirmed: {
    edited: 'deposits.not_pending.confirmed.edited',
    confirmed: 'deposits.not_pending.confirmed.confirmed',
    cancelled: 'deposits.not_pending.confirmed.cancelled',
    deleted: 'deposits.not_pending.confirmed.deleted',
  },
  cancelled: {
    edited: 'deposits.not_pending.cancelled.edited',
    confirmed: 'deposits.not_pending.cancelled.confirmed',
    cancelled: 'deposits.not_pending.cancelled.cancelled',
    deleted: 'deposits.not_pending.cancelled.deleted',
  },
  reversed: {
    edited: 'deposits.not_pending.reversed.edited',
    confirmed: 'deposits.not_pending.reversed.confirmed',
    cancelled: 'deposits.not_pending.reversed.cancelled',
    deleted: 'deposits.not_pending.reversed.deleted',
  },
} as const satisfies Record<Exclude<DepositsTable['status'], 'pending'>, Record<PendingAction, MessageId>>

const NOT_CONFIRMED = {
  pending: 'deposits.not_confirmed.pending',
  cancelled: 'deposits.not_confirmed.cancelled',
  reversed: 'deposits.not_confirmed.reversed',
} as const satisfies Record<Exclude<DepositsTable['status'], 'confirmed'>, MessageId>

/** Only a pending deposit is edited, confirmed, cancelled or deleted; a confirmed one is corrected by a new one. */
export function requirePending(row: DepositsTable, what: PendingAction): void {
  if (row.status !== 'pending') throw refusal('conflict', NOT_PENDING[row.status][what])
}

/** A deposit is taken for an onboarded LP of the machine: the sats it buys must have somewhere to go. */
export function checkDepositable(client: ClientsTable, machine: MachinesTable): void {
  if (client.machine_id !== machine.id) {
    throw refusal('invalid_args', 'deposits.lp.other_machine', { lp: client.name, machine: machine.name }, [
      refusalIssue('machine_id', 'deposits.lp.other_machine.issue'),
    ])
  }
  if (client.status !== 'active') {
    throw refusal('conflict', 'deposits.lp.inactive', { name: client.name }, [refusalIssue('client_id', 'deposits.lp.inactive.issue')])
  }
  // Onboarded = a well-formed payout destination: sats bought with this deposit have somewhere to go.
  // It is checked live whenever the app can, and always before the first payment to it; a dispatcher offline can still take the cash.
  if (!client.destination_kind) {
    throw refusal('conflict', 'deposits.lp.not_onboarded', { name: client.name }, [
      refusalIssue('client_id', 'deposits.lp.not_onboarded.issue'),
    ])
  }
}

/**
 * A confirmed deposit is reversed only while the LP's remaining balance still covers it: fiat
 * already turned into sats for them cannot be taken back by a reversal. The refusal names the
 * shortfall.
 */
export async function checkReversible(db: Kysely<Database>, deposit: DepositsTable, clientName: string): Promise<void> {
  if (deposit.status !== 'confirmed') throw refusal('conflict', NOT_CONFIRMED[deposit.status])
  const [balance] = await lpBalances(db, { client_id: deposit.client_id })
  const remaining = balance?.remaining ?? 0
  if (remaining < deposit.amount) {
    const money = (n: number) => formatFiat(n, deposit.currency)
    const short = money(deposit.amount - remaining)
    throw refusal(
      'conflict',
      'deposits.reverse.short',
      { name: clientName, remaining: money(remaining), short, amount: money(deposit.amount) },
      [refusalIssue('id', 'deposits.reverse.short.issue', { short })],
    )
  }
}

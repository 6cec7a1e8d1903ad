import type { Kysely } from 'kysely'
import { formatFiat } from '../../../src-shared/money/currency'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { ClientsTable, Database } from '../ledger/schema'
import { loadMachine } from '../machines/queries'
import { clientHistory } from './queries'
import { lpBalances } from './remaining'

/** An LP still owed sats keeps a destination: it may be replaced, not removed. */
export async function checkDestinationRemovable(db: Kysely<Database>, client: ClientsTable): Promise<void> {
  const [balance] = await lpBalances(db, { client_id: client.id })
  if (!balance || balance.remaining <= 0) return
  const { fiat_code } = await loadMachine(db, client.machine_id)
  throw refusal('conflict', 'clients.destination.balance_remaining', { amount: formatFiat(balance.remaining, fiat_code) }, [
    refusalIssue('payout_destination', 'clients.destination.balance_remaining.issue'),
  ])
}

/** An LP with history (deposits, payments, split legs) is kept; only a fresh one can be deleted. */
export async function checkDeletable(db: Kysely<Database>, client: ClientsTable): Promise<void> {
  const history = await clientHistory(db, client.id)
  if (history.deposits === 0 && history.legs === 0) return
  throw refusal('conflict', 'clients.delete.has_history', { name: client.name, deposits: history.deposits, legs: history.legs })
}

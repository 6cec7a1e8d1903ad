import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import { formatFiat } from '../../../src-shared/money/currency'
import type { ClientsTable, Database } from '../ledger/schema'
import { loadMachine } from '../machines/queries'
import { clientHistory } from './queries'
import { lpBalances } from './remaining'

/** An LP still owed sats keeps a destination: it may be replaced, not removed. */
export async function checkDestinationRemovable(db: Kysely<Database>, client: ClientsTable): Promise<void> {
  const [balance] = await lpBalances(db, { client_id: client.id })
  if (!balance || balance.remaining <= 0) return
  const { fiat_code } = await loadMachine(db, client.machine_id)
  throw new CommandError(
    'conflict',
    `This LP still has a remaining balance of ${formatFiat(balance.remaining, fiat_code)} to receive as sats: give them a new destination instead of removing it.`,
    [{ path: 'payout_destination', message: 'cannot be removed while the LP has a remaining balance' }],
  )
}

/** An LP with history (deposits, payments, split legs) is kept; only a fresh one can be deleted. */
export async function checkDeletable(db: Kysely<Database>, client: ClientsTable): Promise<void> {
  const history = await clientHistory(db, client.id)
  if (history.deposits === 0 && history.legs === 0) return
  throw new CommandError(
    'conflict',
    `LP "${client.name}" has ${history.deposits} deposit(s) and ${history.legs} payment or split record(s); an LP with history is kept. Set its status to inactive instead.`,
  )
}

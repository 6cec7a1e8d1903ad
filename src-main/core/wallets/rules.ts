import type { Kysely } from 'kysely'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { Database } from '../ledger/schema'
import { loadMachine } from '../machines/queries'
import { machineUsingWallet, machineWalletOf } from './queries'

/** A machine has one wallet; a new key for it is a rotation. */
export async function checkMachineHasNoWallet(db: Kysely<Database>, machineId: string): Promise<void> {
  const existing = await machineWalletOf(db, machineId)
  if (existing) {
    throw refusal('conflict', 'wallets.machine.has_wallet', { id: existing.id }, [
      refusalIssue('machine_id', 'wallets.machine.has_wallet.issue'),
    ])
  }
}

/** Two machines reading one wallet would each see the other's sales (and reject them as forged). */
export async function checkWalletNotShared(db: Kysely<Database>, lnbitsUrl: string, lnbitsWalletId: string): Promise<void> {
  const machineId = await machineUsingWallet(db, lnbitsUrl, lnbitsWalletId)
  if (!machineId) return
  const other = await loadMachine(db, machineId)
  throw refusal('conflict', 'wallets.shared', { name: other.name }, [refusalIssue('invoice_key', 'wallets.shared.issue')])
}

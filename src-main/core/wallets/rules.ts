import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Database } from '../ledger/schema'
import { loadMachine } from '../machines/queries'
import { machineUsingWallet, machineWalletOf } from './queries'

/** A machine has one wallet; a new key for it is a rotation. */
export async function checkMachineHasNoWallet(db: Kysely<Database>, machineId: string): Promise<void> {
  const existing = await machineWalletOf(db, machineId)
  if (existing) {
    throw new CommandError('conflict', `This machine already has a wallet bound (${existing.id}); rotate its keys instead.`, [
      { path: 'machine_id', message: 'already has a wallet' },
    ])
  }
}

/** Two machines reading one wallet would each see the other's sales (and reject them as forged). */
export async function checkWalletNotShared(db: Kysely<Database>, lnbitsUrl: string, lnbitsWalletId: string): Promise<void> {
  const machineId = await machineUsingWallet(db, lnbitsUrl, lnbitsWalletId)
  if (!machineId) return
  const other = await loadMachine(db, machineId)
  throw new CommandError(
    'conflict',
    `That LNbits wallet is already the wallet of machine "${other.name}": each machine needs a wallet of its own.`,
    [{ path: 'invoice_key', message: 'opens a wallet another machine uses' }],
  )
}

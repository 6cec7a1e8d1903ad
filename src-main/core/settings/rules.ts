import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Database } from '../ledger/schema'
import { machineWithPubkey } from '../machines/queries'

/** The collision guard, from the other side: the platform's key is never an ATM's. */
export async function checkPlatformKey(db: Kysely<Database>, pubkey: string): Promise<void> {
  const machine = await machineWithPubkey(db, pubkey)
  if (machine) {
    throw new CommandError(
      'conflict',
      `This is the key of machine "${machine.name}". The platform signs with a key of its own: an ATM's events must never be taken for the platform's.`,
      [{ path: 'platform_npub', message: `is machine "${machine.name}"'s key` }],
    )
  }
}

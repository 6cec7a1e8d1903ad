import { CommandError } from '../../../src-shared/contract/errors'
import { openDestination } from './store'
import type { Handler } from '../env'
import { loadClient, patchClient } from '../clients/queries'
import { checkDestination } from './verify'

export const verifyDestination: Handler<'destinations.verify'> = async (args, env) => {
  if (args.destination) return { ...(await checkDestination(env, args.destination.kind, args.destination.value)), verified_at: null }
  const client = await loadClient(env.db, args.client_id!)
  const dest = openDestination(env.secrets, client.destination_kind, client.destination_enc)
  if (!dest) throw new CommandError('conflict', `LP "${client.name}" has no payout destination to verify.`)
  const result = await checkDestination(env, dest.kind, dest.value)
  // A failed check does not undo an earlier verification: the destination may be down for a while.
  if (!result.ok) return { ...result, verified_at: client.destination_verified_at }
  const verified_at = env.now()
  await env.transaction(async (tx) => {
    await patchClient(tx.db, client.id, { destination_verified_at: verified_at, updated_at: tx.now() })
    await tx.audit({
      entity: 'client',
      entity_id: client.id,
      before: { destination_verified_at: client.destination_verified_at },
      after: { destination_verified_at: verified_at, detail: result.detail },
    })
  })
  return { ...result, verified_at }
}

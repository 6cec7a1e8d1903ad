import { refusal } from '../../../src-shared/messages/refuse'
import { openDestination } from './store'
import type { Handler } from '../env'
import { loadClient } from '../clients/queries'
import { recordCheck } from './checks'
import { checkDestination } from './verify'

export const verifyDestination: Handler<'destinations.verify'> = async (args, env) => {
  if (args.destination) return { ...(await checkDestination(env, args.destination.kind, args.destination.value)), verified_at: null }
  const client = await loadClient(env.db, args.client_id!)
  const dest = openDestination(env.secrets, client.destination_kind, client.destination_enc)
  if (!dest) throw refusal('conflict', 'destinations.no_destination', { name: client.name })
  const result = await checkDestination(env, dest.kind, dest.value)
  // Either way the outcome is kept: a failure holds payments to it back until it is fixed or verifies.
  const recorded = await env.transaction((tx) => recordCheck(tx.db, client, result, tx.now(), { actor: tx.actor, command: tx.command }))
  return { ...result, verified_at: recorded.verified_at }
}

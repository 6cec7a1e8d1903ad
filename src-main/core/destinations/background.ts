import type { DestinationCheckRound } from '../../../src-shared/domain/ingestion'
import type { OwnEnv } from '../env'
import { recordCheck } from './checks'
import { destinationsToCheck } from './queries'
import { openDestination } from './store'
import { checkDestination } from './verify'

/** How long a failed or never-answered destination rests before the background checks it again. */
const RECHECK_AFTER_MS = 60 * 60_000

/**
 * Checks, while the app is online, the destinations not yet found working (onboarded offline, or
 * changed) and those whose last check failed, a few per round. Offline, it stops at the first
 * that cannot be reached: nothing is judged without an answer.
 */
export async function checkDestinationsInBackground(env: OwnEnv, limit = 10): Promise<DestinationCheckRound> {
  const round: DestinationCheckRound = { checked: 0, verified: 0, failed: 0, offline: false }
  const before = new Date(Date.parse(env.now()) - RECHECK_AFTER_MS).toISOString()
  for (const client of await destinationsToCheck(env.db, before, limit)) {
    const dest = openDestination(env.secrets, client.destination_kind, client.destination_enc)
    if (!dest) continue
    let result
    try {
      result = await checkDestination(env, dest.kind, dest.value)
    } catch {
      round.offline = true
      break
    }
    await env.transaction((tx) => recordCheck(tx.db, client, result, tx.now(), { actor: tx.actor, command: 'destinations.check' }))
    round.checked++
    if (result.ok) round.verified++
    else round.failed++
  }
  if (round.checked > 0) env.emit({ name: 'clients.changed', payload: { id: '' } })
  return round
}

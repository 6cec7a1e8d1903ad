import type { Kysely } from 'kysely'
import { loadClient } from '../clients/queries'
import { recordCheck, type CheckDestination } from '../destinations/checks'
import { openDestination } from '../destinations/store'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { SecretBox } from '../secrets/box'

export interface GateDeps {
  db: Kysely<Database>
  secrets: SecretBox
  now(): string
  actor: string
  checkDestination: CheckDestination
  /** what the gate already decided in this processing run, by LP: one live check per LP per run */
  decided?: Map<string, Promise<string | null>>
}

/**
 * Before anything is paid to an LP's destination that was never found working (new, or changed)
 * or whose last check failed, it is checked live now. Returns null when the leg may be paid,
 * otherwise why it waits: the check failed (with its reason), or could not be done (offline).
 * Nothing is ever paid to a destination that failed its check.
 */
export function destinationGate(deps: GateDeps, clientId: string): Promise<string | null> {
  const known = deps.decided?.get(clientId)
  if (known) return known
  const gate = decide(deps, clientId)
  deps.decided?.set(clientId, gate)
  return gate
}

async function decide(deps: GateDeps, clientId: string): Promise<string | null> {
  const client = await loadClient(deps.db, clientId)
  if (client.destination_verified_at && !client.destination_check_error) return null
  const dest = openDestination(deps.secrets, client.destination_kind, client.destination_enc)
  if (!dest) return `Waiting: ${client.name} has no payout destination. Add one, then retry.`
  let result
  try {
    result = await deps.checkDestination(dest.kind, dest.value)
  } catch (e) {
    return `Waiting: ${client.name}'s destination could not be checked before its first payment (${(e as Error).message}). Retry once the app is online.`
  }
  await inWriteTransaction(deps.db, (trx) =>
    recordCheck(trx, client, result, deps.now(), { actor: deps.actor, command: 'destinations.check' }),
  )
  return result.ok
    ? null
    : `Waiting: ${client.name}'s destination failed its check: ${result.detail} Fix it or verify it again (LPs → Verify), then retry.`
}

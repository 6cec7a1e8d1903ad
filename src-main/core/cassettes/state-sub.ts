import type { Kysely } from 'kysely'
import { CassetteContent } from '../../../src-shared/domain/cassettes'
import { APP_EVENT_KIND, atmOfCassetteState, cassetteStateDTag } from '../../../src-shared/nostr/kinds'
import type { Database } from '../ledger/schema'
import { readSetting, SETTING } from '../settings/store'
import { appendAudit } from '../audit/log'
import type { InboxSubscription } from '../relays/inbox'
import { looksLikeNip44 } from '../nostr/nip44'
import type { SignerHost } from '../signer/signer-host'
import { activeMachines, machineWithPubkey } from '../machines/queries'
import { lastStateAt, recordReportedBay } from './queries'

/**
 * The ATM's cassette state (docs/wire-formats.md#cassette-state), addressed to the operator and
 * encrypted to them. Accepted only from the machine the d-tag names; the bays it reports become
 * (or update) the machine's rows, the ATM's word recorded as such.
 */
export function cassetteStateSubscription(deps: { db: Kysely<Database>; signer: SignerHost; now(): string }): InboxSubscription {
  return {
    name: 'cassette-state',
    async filters() {
      const operator = await readSetting<string>(deps.db, SETTING.operatorPubkey)
      const machines = await activeMachines(deps.db)
      if (!operator || machines.length === 0) return null
      return [{ kinds: [APP_EVENT_KIND], '#p': [operator], '#d': machines.map((m) => cassetteStateDTag(m.machine_pubkey)) }]
    },
    async handle(event) {
      const atm = atmOfCassetteState(event.tags.find((t) => t[0] === 'd')?.[1]) ?? ''
      const machine = await machineWithPubkey(deps.db, atm)
      if (!machine) return { outcome: 'ignored', reason: `no machine has the key ${atm || '(none)'}` }
      if (event.pubkey !== atm)
        return { outcome: 'rejected', reason: `written by ${event.pubkey.slice(0, 12)}…, not by the machine "${machine.name}"` }
      const latest = await lastStateAt(deps.db, machine.id)
      if (latest !== null && latest > event.created_at) return { outcome: 'ignored', reason: 'older than the state already applied' }
      if (!looksLikeNip44(event.content)) return { outcome: 'rejected', reason: 'the content is not a NIP-44 v2 message' }
      const signer = await deps.signer.signer()
      const plaintext = await signer.nip44Decrypt(event.pubkey, event.content) // permanent errors: recorded as rejected
      let parsed
      try {
        parsed = CassetteContent.safeParse(JSON.parse(plaintext))
      } catch {
        return { outcome: 'rejected', reason: 'the decrypted state is not JSON' }
      }
      if (!parsed.success)
        return {
          outcome: 'rejected',
          reason: `the state is not a cassette list (${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')})`,
        }
      const positions = parsed.data.positions
      return {
        outcome: 'applied',
        write: async (trx) => {
          const now = deps.now()
          for (const [pos, bay] of Object.entries(positions)) await recordReportedBay(trx, machine.id, Number(pos), bay, event, now)
          await appendAudit(trx, now, {
            actor: 'atm',
            command: 'cassettes.state',
            entity: 'machine',
            entity_id: machine.id,
            before: null,
            after: { event_id: event.id, positions },
          })
        },
      }
    },
  }
}

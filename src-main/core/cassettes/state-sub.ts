import type { Kysely } from 'kysely'
import { CassetteContent, cassetteStateDTag, type CassetteRow } from '../../../src-shared/domain/cassettes'
import type { CassetteConfigsTable, Database } from '../ledger/schema'
import { readSetting, SETTING } from '../settings/store'
import { appendAudit } from '../audit/log'
import type { InboxSubscription } from '../relays/inbox'
import { looksLikeNip44 } from '../nostr/nip44'
import type { SignerHost } from '../signer/signer-host'

export function toCassetteRow(r: CassetteConfigsTable): CassetteRow {
  const { machine_id: _m, state_event_id: _e, ...row } = r
  return row
}

/**
 * The ATM's cassette state (DESIGN §6.2), addressed to the operator and encrypted to them.
 * Accepted only from the machine the d-tag names; the bays it reports become (or update) the
 * machine's rows, the ATM's word recorded as such.
 */
export function cassetteStateSubscription(deps: { db: Kysely<Database>; signer: SignerHost; now(): string }): InboxSubscription {
  return {
    name: 'cassette-state',
    async filters() {
      const operator = await readSetting<string>(deps.db, SETTING.operatorPubkey)
      const machines = await deps.db.selectFrom('machines').select('machine_pubkey').where('is_active', '=', 1).execute()
      if (!operator || machines.length === 0) return null
      return [{ kinds: [30078], '#p': [operator], '#d': machines.map((m) => cassetteStateDTag(m.machine_pubkey)) }]
    },
    async handle(event) {
      const d = event.tags.find((t) => t[0] === 'd')?.[1] ?? ''
      const atm = d.startsWith('bitspire-cassettes-state:') ? d.slice('bitspire-cassettes-state:'.length) : ''
      const machine = await deps.db.selectFrom('machines').select(['id', 'name']).where('machine_pubkey', '=', atm).executeTakeFirst()
      if (!machine) return { outcome: 'ignored', reason: `no machine has the key ${atm || '(none)'}` }
      if (event.pubkey !== atm) return { outcome: 'rejected', reason: `written by ${event.pubkey.slice(0, 12)}…, not by the machine "${machine.name}"` }
      const latest = await deps.db.selectFrom('cassette_configs').select((eb) => eb.fn.max('state_at').as('t')).where('machine_id', '=', machine.id).executeTakeFirst()
      if (latest?.t != null && Number(latest.t) > event.created_at) return { outcome: 'ignored', reason: 'older than the state already applied' }
      if (!looksLikeNip44(event.content)) return { outcome: 'rejected', reason: 'the content is not a NIP-44 v2 message' }
      const signer = await deps.signer.signer()
      const plaintext = await signer.nip44Decrypt(event.pubkey, event.content) // permanent errors: recorded as rejected
      let parsed
      try {
        parsed = CassetteContent.safeParse(JSON.parse(plaintext))
      } catch {
        return { outcome: 'rejected', reason: 'the decrypted state is not JSON' }
      }
      if (!parsed.success) return { outcome: 'rejected', reason: `the state is not a cassette list (${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')})` }
      const positions = parsed.data.positions
      return {
        outcome: 'applied',
        write: async (trx) => {
          const now = deps.now()
          for (const [pos, bay] of Object.entries(positions)) {
            const position = Number(pos)
            await trx
              .insertInto('cassette_configs')
              .values({ machine_id: machine.id, position, denomination: bay.denomination, count: bay.count, updated_by: 'atm', updated_at: now, state_denomination: bay.denomination, state_count: bay.count, state_at: event.created_at, state_event_id: event.id })
              .onConflict((oc) =>
                oc.columns(['machine_id', 'position']).doUpdateSet({ denomination: bay.denomination, count: bay.count, updated_by: 'atm', updated_at: now, state_denomination: bay.denomination, state_count: bay.count, state_at: event.created_at, state_event_id: event.id }),
              )
              .execute()
          }
          await appendAudit(trx, now, { actor: 'atm', command: 'cassettes.state', entity: 'machine', entity_id: machine.id, before: null, after: { event_id: event.id, positions } })
        },
      }
    },
  }
}

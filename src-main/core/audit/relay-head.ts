import type { Kysely } from 'kysely'
import type { Event } from 'nostr-tools/pure'
import { z } from 'zod'
import { APP_EVENT_KIND, auditHeadDTag } from '../../../src-shared/nostr/kinds'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { RelayHub } from '../nostr/relay-hub'
import { looksLikeNip44 } from '../nostr/nip44'
import { queuePublish } from '../relays/outbox'
import { enabledRelayUrls } from '../relays/queries'
import { readSetting, SETTING, writeSetting } from '../settings/store'
import type { SignerHost } from '../signer/signer-host'
import type { BackupStore } from '../backup/store'
import type { AuditHead, RelayAuditHead } from './log'
import { knownAuditHeads, missingHead } from './known-heads'

/**
 * How often, at most, the head goes out while the log grows: each publish is a signature, which
 * with a bunker is a request to the operator's phone.
 */
export const AUDIT_HEAD_EVERY_MINUTES = 30

// A receiver ignores fields it does not know.
const HeadContent = z.object({ v: z.literal(1), seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) })

/**
 * Queues the chain's head for the operator's relays when it moved since the last one queued and
 * that one is old enough; the outbox signs and delivers it (and a newer head supersedes one not
 * yet sent). Nothing to do before there is a signer or a first audit row. A chain that no longer
 * holds a head it was known to reach is not published: its head would replace the evidence on
 * the relays. Writes no audit row, so publishing never moves the head it publishes.
 */
export async function queueAuditHead(
  deps: { db: Kysely<Database>; backups: BackupStore; now(): string; newId(): string },
  relayHead: RelayAuditHead | null,
): Promise<boolean> {
  const operator = await readSetting<string>(deps.db, SETTING.operatorPubkey)
  const head = await readSetting<AuditHead>(deps.db, SETTING.auditHead)
  if (!operator || !head) return false
  if (await missingHead(deps.db, await knownAuditHeads(deps.db, deps.backups, relayHead))) return false
  return inWriteTransaction(deps.db, async (trx) => {
    const now = deps.now()
    const dTag = auditHeadDTag(await ledgerId(trx, deps.newId, now))
    const last = await trx
      .selectFrom('outbox')
      .select(['content_json', 'created_at'])
      .where('d_tag', '=', dTag)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (last) {
      const queued = JSON.parse(last.content_json) as AuditHead
      if (queued.seq === head.seq && queued.hash === head.hash) return false
      if (await missingHead(trx, [{ head: queued, where: 'the head last published' }])) return false
      if (Date.parse(now) - Date.parse(last.created_at) < AUDIT_HEAD_EVERY_MINUTES * 60_000) return false
    }
    const content = { v: 1, seq: head.seq, hash: head.hash }
    await queuePublish(trx, { id: deps.newId(), now, kind: APP_EVENT_KIND, d_tag: dTag, recipient: operator, content, encrypt: true })
    return true
  })
}

/**
 * The ledger's own name on the relays, made once and kept with the ledger (a backup carries it,
 * so a restored ledger goes on under it): two ledgers under one operator key never overwrite
 * each other's head.
 */
async function ledgerId(trx: Kysely<Database>, newId: () => string, now: string): Promise<string> {
  const id = await readSetting<string>(trx, SETTING.ledgerId)
  if (id) return id
  const made = newId()
  await writeSetting(trx, SETTING.ledgerId, made, now)
  return made
}

export interface RelayHeadRead {
  /** the newest head the relays hold for this ledger, null when none (or none could be read) */
  head: RelayAuditHead | null
  /** why a relay, or the newest head, could not be read */
  errors: string[]
}

/**
 * Reads the newest head of this ledger from every enabled relay and opens it with the signer.
 * `known` is a head already opened: the same event is not decrypted again (with a bunker each
 * decryption is a request to the phone). audit.verify passes none and decrypts what the relays
 * hold now, so nothing kept in the ledger file stands in for them.
 */
export async function readRelayAuditHead(
  deps: { db: Kysely<Database>; relays: RelayHub; signer: SignerHost },
  known: RelayAuditHead | null,
): Promise<RelayHeadRead> {
  const operator = await readSetting<string>(deps.db, SETTING.operatorPubkey)
  const id = await readSetting<string>(deps.db, SETTING.ledgerId)
  const errors: string[] = []
  if (!operator || !id) return { head: null, errors }
  const dTag = auditHeadDTag(id)
  let newest: Event | null = null
  for (const url of await enabledRelayUrls(deps.db)) {
    try {
      const { events } = await deps.relays.fetch(url, [{ kinds: [APP_EVENT_KIND], authors: [operator], '#d': [dTag], limit: 1 }])
      for (const e of events) {
        const ours = e.pubkey === operator && e.tags.some((t) => t[0] === 'd' && t[1] === dTag)
        if (ours && (!newest || e.created_at > newest.created_at)) newest = e
      }
    } catch (e) {
      errors.push(`${url}: ${(e as Error).message}`)
    }
  }
  if (!newest) return { head: null, errors }
  if (known?.event_id === newest.id) return { head: known, errors }
  try {
    return { head: await openHead(deps.signer, operator, newest), errors }
  } catch (e) {
    return { head: null, errors: [...errors, `the audit head on the relays (event ${newest.id}) cannot be read: ${(e as Error).message}`] }
  }
}

async function openHead(signer: SignerHost, operator: string, event: Event): Promise<RelayAuditHead> {
  if (!looksLikeNip44(event.content)) throw new Error('its content is not a NIP-44 v2 message')
  const plaintext = await (await signer.signer()).nip44Decrypt(operator, event.content)
  let body: unknown
  try {
    body = JSON.parse(plaintext)
  } catch {
    throw new Error('the decrypted content is not JSON')
  }
  const parsed = HeadContent.safeParse(body)
  if (!parsed.success)
    throw new Error(`not a v1 audit head (${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')})`)
  return { seq: parsed.data.seq, hash: parsed.data.hash, event_id: event.id, published_at: event.created_at }
}

/**
 * The sync round's read: the newest head the relays hold is kept in the settings, for the health
 * check between verifications; with the relays away, the one kept last stands.
 */
export async function refreshRelayAuditHead(deps: {
  db: Kysely<Database>
  relays: RelayHub
  signer: SignerHost
  now(): string
}): Promise<RelayHeadRead> {
  const kept = (await readSetting<RelayAuditHead>(deps.db, SETTING.auditRelayHead)) ?? null
  const read = await readRelayAuditHead(deps, kept)
  if (read.head && read.head.event_id !== kept?.event_id)
    await inWriteTransaction(deps.db, (trx) => writeSetting(trx, SETTING.auditRelayHead, read.head, deps.now()))
  return { head: read.head ?? kept, errors: read.errors }
}

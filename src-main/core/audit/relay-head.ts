import type { Kysely } from 'kysely'
import type { Event } from 'nostr-tools/pure'
import { z } from 'zod'
import { APP_EVENT_KIND, AUDIT_HEAD_D_TAG_PREFIX, auditHeadDTag } from '../../../src-shared/nostr/kinds'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { Logger } from '../log'
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

interface ReadDeps {
  db: Kysely<Database>
  relays: RelayHub
  signer: SignerHost
}

/** An audit head under the operator's key that names another ledger: another installation, or this ledger's name changed. */
export interface OtherLedgerHead {
  ledger_id: string
  event_id: string
  published_at: number
}

export interface RelayHeadRead {
  /** the newest head the relays hold for this ledger, null when none (or none could be read) */
  head: RelayAuditHead | null
  /** every enabled relay answered (there is at least one) and the newest head, if any, was opened */
  complete: boolean
  /** the newest head of each other ledger published with the operator's key */
  others: OtherLedgerHead[]
  /** why a relay, or the newest head, could not be read */
  errors: string[]
}

/**
 * Reads the audit heads published with the operator's key from every enabled relay (all of them,
 * whatever ledger they name: a ledger whose name was changed must not lose sight of its old head)
 * and opens this ledger's newest with the signer. `cached` is a head already opened: the same
 * event is not decrypted again (with a bunker each decryption is a request to the phone). Every
 * decision that could replace the head on the relays passes none.
 */
export async function readRelayAuditHead(deps: ReadDeps, cached: RelayAuditHead | null): Promise<RelayHeadRead> {
  const operator = await readSetting<string>(deps.db, SETTING.operatorPubkey)
  const ledger = await readSetting<string>(deps.db, SETTING.ledgerId)
  const read: RelayHeadRead = { head: null, complete: false, others: [], errors: [] }
  if (!operator) return read
  const relays = await enabledRelayUrls(deps.db)
  if (relays.length === 0) {
    if (ledger) read.errors.push('No relay is enabled: the audit log cannot be checked against the head published to the relays.')
    return read
  }
  const newest = new Map<string, Event>()
  let answered = 0
  for (const url of relays) {
    try {
      const { events, invalid } = await deps.relays.fetch(url, [{ kinds: [APP_EVENT_KIND], authors: [operator] }])
      answered++
      if (invalid.length > 0)
        read.errors.push(`${url} sent ${invalid.length} event(s) under your key whose signature does not verify: not used.`)
      for (const e of events) {
        const d = e.tags.find((t) => t[0] === 'd')?.[1]
        if (e.pubkey !== operator || !d?.startsWith(AUDIT_HEAD_D_TAG_PREFIX)) continue
        const before = newest.get(d)
        if (!before || e.created_at > before.created_at) newest.set(d, e)
      }
    } catch (e) {
      read.errors.push(`${url}: ${(e as Error).message}`)
    }
  }
  const own = ledger ? newest.get(auditHeadDTag(ledger)) : undefined
  for (const [d, e] of newest)
    if (e !== own) read.others.push({ ledger_id: d.slice(AUDIT_HEAD_D_TAG_PREFIX.length), event_id: e.id, published_at: e.created_at })
  let opened = true
  if (own) {
    try {
      read.head = cached?.event_id === own.id ? cached : await openHead(deps.signer, operator, own)
    } catch (e) {
      opened = false
      read.errors.push(`the audit head on the relays (event ${own.id}) cannot be read: ${(e as Error).message}`)
    }
  }
  read.complete = answered === relays.length && opened
  return read
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

export interface AuditHeadRound {
  /** a newer head was queued this round */
  queued: boolean
  /** the audit head's outbox rows are not to be signed or sent this round */
  hold: boolean
  /** the newest head the relays hold (or the one read last, when they cannot be read now) */
  seq: number | null
  errors: string[]
}

/**
 * The sync round's part: read the relays' head (kept in the settings for the health check), then
 * decide whether a head may go out. One may only when every relay answered, the head they hold
 * was opened afresh (not taken from the copy in the ledger file), and the chain still holds every
 * head it was known to reach; otherwise what waits in the outbox is held, and withdrawn if the
 * chain was cut (its head would replace the evidence). A newer head is queued at most every
 * AUDIT_HEAD_EVERY_MINUTES. Nothing here writes an audit row, so it never moves the head it publishes.
 */
export async function auditHeadRound(
  deps: ReadDeps & { backups: BackupStore; now(): string; newId(): string; logger: Logger },
): Promise<AuditHeadRound> {
  const kept = (await readSetting<RelayAuditHead>(deps.db, SETTING.auditRelayHead)) ?? null
  const read = await readRelayAuditHead(deps, kept)
  const errors = [...read.errors]
  if (read.head && read.head.published_at > (kept?.published_at ?? 0)) {
    try {
      await inWriteTransaction(deps.db, (trx) => writeSetting(trx, SETTING.auditRelayHead, read.head, deps.now()))
    } catch (e) {
      errors.push(`the head read from the relays could not be kept: ${(e as Error).message}`)
    }
  }
  const relayHead = read.head ?? kept
  const round = { queued: false, hold: true, seq: relayHead?.seq ?? null, errors }
  if (!(await publishingWork(deps))) return { ...round, hold: false }
  const fresh = read.head && read.head === kept ? await readRelayAuditHead(deps, null) : read
  if (fresh !== read) errors.push(...fresh.errors.filter((e) => !errors.includes(e)))
  const { heads } = await knownAuditHeads(deps.db, deps.backups, [fresh.head, kept])
  const missing = await missingHead(deps.db, heads)
  if (missing) {
    const withdrawn = await withdrawPendingHeads(deps.db, deps.now())
    if (withdrawn > 0)
      deps.logger.warn('audit heads waiting to be published were withdrawn: the chain no longer holds a head it reached', {
        seq: missing.head.seq,
        where: missing.where,
      })
    return round
  }
  if (!fresh.complete) return round
  return { ...round, hold: false, queued: await queueNewerHead(deps) }
}

/** Something of the audit head's to sign or send now, or a newer head to queue. */
async function publishingWork(deps: { db: Kysely<Database>; now(): string }): Promise<boolean> {
  const pending = await deps.db
    .selectFrom('outbox')
    .select('id')
    .where('d_tag', 'like', `${AUDIT_HEAD_D_TAG_PREFIX}%`)
    .where('status', 'in', ['intent', 'signed'])
    .limit(1)
    .executeTakeFirst()
  return pending !== undefined || (await newerHeadDue(deps.db, deps.now())) !== null
}

/** The chain's head when it should go out now: a signer is set up, and it moved since the last one queued, which is old enough. */
async function newerHeadDue(db: Kysely<Database>, now: string): Promise<{ head: AuditHead; operator: string } | null> {
  const operator = await readSetting<string>(db, SETTING.operatorPubkey)
  const head = await readSetting<AuditHead>(db, SETTING.auditHead)
  if (!operator || !head) return null
  const last = await db
    .selectFrom('outbox')
    .select(['content_json', 'created_at'])
    .where('d_tag', 'like', `${AUDIT_HEAD_D_TAG_PREFIX}%`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (last) {
    const queued = JSON.parse(last.content_json) as AuditHead
    if (queued.seq === head.seq && queued.hash === head.hash) return null
    if (Date.parse(now) - Date.parse(last.created_at) < AUDIT_HEAD_EVERY_MINUTES * 60_000) return null
  }
  return { head, operator }
}

async function queueNewerHead(deps: { db: Kysely<Database>; now(): string; newId(): string }): Promise<boolean> {
  return inWriteTransaction(deps.db, async (trx) => {
    const now = deps.now()
    const due = await newerHeadDue(trx, now)
    if (!due) return false
    const content = { v: 1, seq: due.head.seq, hash: due.head.hash }
    const d_tag = auditHeadDTag(await ledgerId(trx, deps.newId, now))
    await queuePublish(trx, { id: deps.newId(), now, kind: APP_EVENT_KIND, d_tag, recipient: due.operator, content, encrypt: true })
    return true
  })
}

async function withdrawPendingHeads(db: Kysely<Database>, now: string): Promise<number> {
  const r = await inWriteTransaction(db, (trx) =>
    trx
      .updateTable('outbox')
      .set({ status: 'superseded', last_error: 'withdrawn: the audit log no longer holds a head it reached', updated_at: now })
      .where('d_tag', 'like', `${AUDIT_HEAD_D_TAG_PREFIX}%`)
      .where('status', 'in', ['intent', 'signed'])
      .executeTakeFirst(),
  )
  return Number(r.numUpdatedRows)
}

/** Whether an outbox row is one of the audit head's (held back by the sync round when publishing is not safe). */
export const isAuditHeadRow = (dTag: string): boolean => dTag.startsWith(AUDIT_HEAD_D_TAG_PREFIX)

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

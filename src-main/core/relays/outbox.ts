import type { Kysely } from 'kysely'
import type { Event } from 'nostr-tools/pure'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { Database, OutboxTable } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { Logger } from '../log'
import type { RelayHub } from '../nostr/relay-hub'
import { SignerError } from '../nostr/signer'
import type { SignerHost } from '../signer/signer-host'
import { enabledRelayUrls } from './queries'

/** What to publish: an app event (docs/nostr.md#nostr, kind 30078), addressed by its d-tag. */
export interface PublishIntent {
  kind: number
  d_tag: string
  /** hex; the p tag, and the key the content is encrypted to */
  recipient: string | null
  content: unknown
  encrypt: boolean
}

/**
 * Queues a publish inside the caller's transaction: the edit that causes it and the intent
 * commit together, and the edit never waits for a relay or the signer. A newer intent for a
 * d-tag supersedes whatever older one has not gone out yet (the event is replaceable: only the
 * newest matters).
 */
export async function queuePublish(trx: Kysely<Database>, p: PublishIntent & { id: string; now: string }): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ status: 'superseded', updated_at: p.now })
    .where('d_tag', '=', p.d_tag)
    .where('status', 'in', ['intent', 'signed'])
    .execute()
  await trx
    .insertInto('outbox')
    .values({
      id: p.id,
      d_tag: p.d_tag,
      kind: p.kind,
      recipient_pubkey: p.recipient,
      content_json: JSON.stringify(p.content),
      encrypt: p.encrypt ? 1 : 0,
      status: 'intent',
      event_created_at: null,
      signed_event_json: null,
      event_id: null,
      last_error: null,
      created_at: p.now,
      updated_at: p.now,
    })
    .execute()
}

export interface OutboxDeps {
  db: Kysely<Database>
  signer: SignerHost
  relays: RelayHub
  now(): string
  emit(event: PushEvent): void
  logger: Logger
}

export interface FlushResult {
  signed: number
  delivered: number
  waiting: number
  /** why intents still wait for the signer, if they do */
  signer_error: string | null
}

/**
 * Sends what the outbox holds: intents are signed (content encrypted to the recipient), each
 * signed event is stored before it is sent, and the same signed event is resent until every
 * enabled relay has confirmed it; nothing is ever signed twice. created_at strictly increases
 * per d-tag, so a relay never keeps an older version of a replaceable event. Rows whose d-tag
 * `hold` names wait, unsigned or unsent, for a later round.
 */
export async function flushOutbox(deps: OutboxDeps, hold: (dTag: string) => boolean = () => false): Promise<FlushResult> {
  const result: FlushResult = { signed: 0, delivered: 0, waiting: 0, signer_error: null }
  for (const row of await deps.db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'intent')
    .orderBy('created_at')
    .orderBy('id')
    .execute()) {
    if (hold(row.d_tag)) continue
    try {
      if (await signIntent(deps, row)) result.signed++
    } catch (e) {
      if (e instanceof SignerError && e.kind === 'transient') {
        result.signer_error = e.message // the signer is away: every intent waits, nothing is lost
        break
      }
      const message = (e as Error).message
      await inWriteTransaction(deps.db, (trx) =>
        trx.updateTable('outbox').set({ last_error: message, updated_at: deps.now() }).where('id', '=', row.id).execute(),
      )
      deps.logger.warn('an outbox intent could not be signed', { id: row.id, error: message })
    }
  }
  const relays = await enabledRelayUrls(deps.db)
  for (const row of await deps.db.selectFrom('outbox').selectAll().where('status', '=', 'signed').orderBy('event_created_at').execute()) {
    if (hold(row.d_tag)) continue
    if (relays.length > 0 && (await deliver(deps, row, relays))) result.delivered++
  }
  result.waiting = Number(
    (
      await deps.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['intent', 'signed'])
        .executeTakeFirstOrThrow()
    ).n,
  )
  return result
}

async function signIntent(deps: OutboxDeps, row: OutboxTable): Promise<boolean> {
  const signer = await deps.signer.signer()
  const content = row.encrypt && row.recipient_pubkey ? await signer.nip44Encrypt(row.recipient_pubkey, row.content_json) : row.content_json
  const previous = await deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('event_created_at').as('t'))
    .where('d_tag', '=', row.d_tag)
    .executeTakeFirst()
  const createdAt = Math.max(Math.floor(Date.parse(deps.now()) / 1000), Number(previous?.t ?? 0) + 1)
  const tags = [['d', row.d_tag], ...(row.recipient_pubkey ? [['p', row.recipient_pubkey]] : [])]
  const event = await signer.signEvent({ kind: row.kind, created_at: createdAt, tags, content })
  // Stored before it is sent; if a newer intent superseded this one meanwhile, it is dropped unsent.
  const now = deps.now()
  const stored = await inWriteTransaction(deps.db, (trx) =>
    trx
      .updateTable('outbox')
      .set({
        status: 'signed',
        signed_event_json: JSON.stringify(event),
        event_id: event.id,
        event_created_at: event.created_at,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'intent')
      .executeTakeFirst(),
  )
  if (stored.numUpdatedRows === 0n) return false
  deps.emit({ name: 'outbox.changed', payload: { id: row.id, status: 'signed' } })
  return true
}

async function deliver(deps: OutboxDeps, row: OutboxTable, relays: string[]): Promise<boolean> {
  const event = JSON.parse(row.signed_event_json!) as Event
  const known = await deps.db.selectFrom('outbox_relay_status').selectAll().where('outbox_id', '=', row.id).execute()
  for (const url of relays) {
    const before = known.find((k) => k.relay_url === url)
    if (before?.ok === 1) continue
    const r = await deps.relays.publish(url, event)
    // A relay still in its backoff was not tried: say why it waits, but it is not an attempt.
    const tried = r.waiting ? 0 : 1
    const now = deps.now()
    await inWriteTransaction(deps.db, (trx) =>
      trx
        .insertInto('outbox_relay_status')
        .values({
          outbox_id: row.id,
          relay_url: url,
          ok: r.ok ? 1 : 0,
          message: r.message,
          attempts: tried,
          last_attempt_at: tried ? now : null,
        })
        .onConflict((oc) =>
          oc.columns(['outbox_id', 'relay_url']).doUpdateSet((eb) => ({
            ok: r.ok ? 1 : 0,
            message: r.message,
            attempts: eb('outbox_relay_status.attempts', '+', tried),
            last_attempt_at: tried ? now : eb.ref('outbox_relay_status.last_attempt_at'),
          })),
        )
        .execute(),
    )
  }
  const confirmed = await deps.db
    .selectFrom('outbox_relay_status')
    .select('relay_url')
    .where('outbox_id', '=', row.id)
    .where('ok', '=', 1)
    .execute()
  if (!relays.every((url) => confirmed.some((c) => c.relay_url === url))) return false
  const now = deps.now()
  const done = await inWriteTransaction(deps.db, (trx) =>
    trx
      .updateTable('outbox')
      .set({ status: 'delivered', updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'signed')
      .executeTakeFirst(),
  )
  if (done.numUpdatedRows > 0n) deps.emit({ name: 'outbox.changed', payload: { id: row.id, status: 'delivered' } })
  return done.numUpdatedRows > 0n
}

import type { Kysely } from 'kysely'
import type { Filter } from 'nostr-tools/filter'
import type { Event } from 'nostr-tools/pure'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { Logger } from '../log'
import type { RelayHub } from '../nostr/relay-hub'
import { SignerError } from '../nostr/signer'
import { enabledRelayUrls } from './queries'

/** What became of one received event; `write` runs in the transaction that also records it. */
export interface Outcome {
  outcome: 'applied' | 'rejected' | 'ignored'
  reason?: string
  write?: (trx: Kysely<Database>) => Promise<void>
}

/** A subscription the app keeps on every relay: its filters (null: nothing to ask for now) and its handler. */
export interface InboxSubscription {
  name: string
  filters(): Promise<Filter[] | null>
  /** may throw a transient SignerError: the event is retried next round and the cursor waits */
  handle(event: Event): Promise<Outcome>
}

/**
 * The cursor is the newest created_at seen, but created_at is each author's own clock: an ATM
 * whose clock runs behind another's would fall behind the cursor. Each read goes back this far
 * before it; what was already seen is skipped by id.
 */
export const CLOCK_SLACK_SECONDS = 15 * 60

export interface InboxDeps {
  db: Kysely<Database>
  relays: RelayHub
  now(): string
  logger: Logger
}

export interface InboxResult {
  applied: number
  rejected: number
  ignored: number
  /** per relay or subscription, why it stopped early */
  errors: string[]
}

/**
 * Reads every subscription from every enabled relay since its own persisted cursor. Events are
 * deduplicated by id (seen_events), handled oldest first, and recorded with their outcome in
 * the same transaction as their effect and the cursor. The cursor stays on the last second
 * read (not past it), so an event of that same second arriving later is not lost; the id
 * check keeps it from applying twice. A transient signer error stops that subscription where
 * it is: nothing after it is skipped.
 */
export async function pullInbox(deps: InboxDeps, subscriptions: InboxSubscription[]): Promise<InboxResult> {
  const result: InboxResult = { applied: 0, rejected: 0, ignored: 0, errors: [] }
  const relays = await enabledRelayUrls(deps.db)
  for (const url of relays) {
    for (const sub of subscriptions) {
      const filters = await sub.filters()
      if (!filters) continue
      const cursor = await deps.db
        .selectFrom('relay_cursors')
        .select('since')
        .where('relay_url', '=', url)
        .where('subscription', '=', sub.name)
        .executeTakeFirst()
      let fetched: Awaited<ReturnType<RelayHub['fetch']>>
      try {
        fetched = await deps.relays.fetch(
          url,
          cursor ? filters.map((f) => ({ ...f, since: Math.max(0, cursor.since - CLOCK_SLACK_SECONDS) })) : filters,
        )
      } catch (e) {
        result.errors.push(`${sub.name} on ${url}: ${(e as Error).message}`)
        continue
      }
      for (const bad of fetched.invalid) await recordInvalid(deps, sub.name, url, bad)
      const events = fetched.events.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id))
      for (const event of events) {
        if (await deps.db.selectFrom('seen_events').select('event_id').where('event_id', '=', event.id).executeTakeFirst()) continue
        let outcome: Outcome
        try {
          outcome = await sub.handle(event)
        } catch (e) {
          if (e instanceof SignerError && e.kind === 'transient') {
            result.errors.push(`${sub.name} on ${url}: ${e.message}`)
            break
          }
          outcome = { outcome: 'rejected', reason: e instanceof SignerError ? e.message : `could not be handled: ${(e as Error).message}` }
        }
        try {
          await record(deps, sub.name, url, event, outcome)
        } catch (e) {
          // the effect itself was refused (a cap check, a constraint): recorded as such, nothing applied
          await record(deps, sub.name, url, event, { outcome: 'rejected', reason: (e as Error).message })
          outcome = { outcome: 'rejected' }
        }
        result[outcome.outcome]++
      }
    }
  }
  return result
}

async function record(deps: InboxDeps, subscription: string, url: string, event: Event, outcome: Outcome): Promise<void> {
  const now = deps.now()
  await inWriteTransaction(deps.db, async (trx) => {
    if (outcome.write) await outcome.write(trx)
    await trx
      .insertInto('seen_events')
      .values({
        event_id: event.id,
        subscription,
        relay_url: url,
        kind: event.kind,
        author: event.pubkey,
        created_at: event.created_at,
        outcome: outcome.outcome,
        reason: outcome.reason ?? null,
        received_at: now,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute()
    await trx
      .insertInto('relay_cursors')
      .values({ relay_url: url, subscription, since: event.created_at, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['relay_url', 'subscription'])
          .doUpdateSet((eb) => ({ since: eb.fn('max', ['relay_cursors.since', eb.val(event.created_at)]), updated_at: now })),
      )
      .execute()
  })
  if (outcome.outcome === 'rejected')
    deps.logger.warn('a Nostr event was rejected', { subscription, relay: url, event: event.id, reason: outcome.reason })
}

/** A signature that does not verify: recorded (when it has an id to record it by) and never applied. */
async function recordInvalid(deps: InboxDeps, subscription: string, url: string, raw: unknown): Promise<void> {
  const e = raw as Partial<Event>
  if (typeof e?.id !== 'string' || !/^[0-9a-f]{64}$/.test(e.id)) return
  const now = deps.now()
  await inWriteTransaction(deps.db, (trx) =>
    trx
      .insertInto('seen_events')
      .values({
        event_id: e.id!,
        subscription,
        relay_url: url,
        kind: Number(e.kind ?? -1),
        author: String(e.pubkey ?? ''),
        created_at: Number(e.created_at ?? 0),
        outcome: 'rejected',
        reason: 'the signature does not verify (forged or tampered)',
        received_at: now,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute(),
  )
}

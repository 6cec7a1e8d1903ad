import type { Kysely } from 'kysely'
import type { Database, OutboxRelayStatusTable, OutboxTable, RelaysTable } from '../ledger/schema'

type Db = Kysely<Database>

export function relayRows(db: Db): Promise<RelaysTable[]> {
  return db.selectFrom('relays').selectAll().orderBy('added_at').orderBy('url').execute()
}

/** The relays events go out to and are read from. */
export async function enabledRelayUrls(db: Db): Promise<string[]> {
  return (await db.selectFrom('relays').select('url').where('enabled', '=', 1).orderBy('url').execute()).map((r) => r.url)
}

export async function relayListed(db: Db, url: string): Promise<boolean> {
  return (await db.selectFrom('relays').select('url').where('url', '=', url).executeTakeFirst()) !== undefined
}

export async function insertRelay(db: Db, url: string, at: string): Promise<void> {
  await db.insertInto('relays').values({ url, enabled: 1, added_at: at }).execute()
}

export async function deleteRelay(db: Db, url: string): Promise<boolean> {
  const gone = await db.deleteFrom('relays').where('url', '=', url).executeTakeFirst()
  return gone.numDeletedRows > 0n
}

/** The newest outbox items, with what each relay said of them. */
export async function outboxWithStatus(
  db: Db,
  args: { limit: number; status?: OutboxTable['status']; d_tag?: string },
): Promise<{ item: OutboxTable; relays: OutboxRelayStatusTable[] }[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit)
  if (args.status) q = q.where('status', '=', args.status)
  if (args.d_tag) q = q.where('d_tag', '=', args.d_tag)
  const rows = await q.execute()
  const ids = rows.map((r) => r.id)
  const statuses = ids.length ? await db.selectFrom('outbox_relay_status').selectAll().where('outbox_id', 'in', ids).execute() : []
  return rows.map((item) => ({ item, relays: statuses.filter((s) => s.outbox_id === item.id) }))
}

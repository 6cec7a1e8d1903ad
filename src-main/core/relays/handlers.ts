import { CommandError } from '../../../src-shared/contract/errors'
import type { OutboxItem, RelayEntry } from '../../../src-shared/domain/relays'
import type { CommandEnv } from '../env'
import type { Handler } from '../handler'

async function entries(env: CommandEnv): Promise<RelayEntry[]> {
  const rows = await env.db.selectFrom('relays').selectAll().orderBy('added_at').orderBy('url').execute()
  return rows.map((r) => ({ ...env.relays.status(r.url), enabled: r.enabled === 1, added_at: r.added_at }))
}

export const listRelays: Handler<'relays.list'> = (_args, env) => entries(env)

export const addRelay: Handler<'relays.add'> = async (args, env) => {
  if (await env.db.selectFrom('relays').select('url').where('url', '=', args.url).executeTakeFirst()) {
    throw new CommandError('conflict', `${args.url} is already in the list.`, [{ path: 'url', message: 'is already in the list' }])
  }
  const now = env.now()
  await env.db.insertInto('relays').values({ url: args.url, enabled: 1, added_at: now }).execute()
  await env.audit({ entity: 'relay', entity_id: args.url, before: null, after: { url: args.url } })
  env.emit({ name: 'relays.changed', payload: { url: args.url, state: 'idle' } })
  return entries(env)
}

export const removeRelay: Handler<'relays.remove'> = async (args, env) => {
  const gone = await env.db.deleteFrom('relays').where('url', '=', args.url).executeTakeFirst()
  if (gone.numDeletedRows === 0n)
    throw new CommandError('not_found', `${args.url} is not in the list.`, [{ path: 'url', message: 'is not in the list' }])
  await env.audit({ entity: 'relay', entity_id: args.url, before: { url: args.url }, after: null })
  env.relays.drop(args.url)
  env.emit({ name: 'relays.changed', payload: { url: args.url, state: 'removed' } })
  return entries(env)
}

export const listOutbox: Handler<'outbox.list'> = async (args, env) => {
  let q = env.db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit)
  if (args.status) q = q.where('status', '=', args.status)
  const rows = await q.execute()
  const statuses = rows.length
    ? await env.db
        .selectFrom('outbox_relay_status')
        .selectAll()
        .where(
          'outbox_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : []
  return rows.map((r): OutboxItem => ({
    id: r.id,
    d_tag: r.d_tag,
    kind: r.kind,
    recipient_pubkey: r.recipient_pubkey,
    status: r.status,
    event_id: r.event_id,
    event_created_at: r.event_created_at,
    last_error: r.last_error,
    relays: statuses
      .filter((s) => s.outbox_id === r.id)
      .map((s) => ({ url: s.relay_url, ok: s.ok === null ? null : s.ok === 1, message: s.message, attempts: s.attempts })),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }))
}

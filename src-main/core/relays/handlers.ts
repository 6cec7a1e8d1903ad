import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { RelayEntry } from '../../../src-shared/domain/relays'
import type { CommandEnv, Handler } from '../env'
import { toOutboxItem } from './view'
import { deleteRelay, insertRelay, outboxWithStatus, relayListed, relayRows } from './queries'

async function entries(env: CommandEnv): Promise<RelayEntry[]> {
  const rows = await relayRows(env.db)
  return rows.map((r) => ({ ...env.relays.status(r.url), enabled: r.enabled === 1, added_at: r.added_at }))
}

export const listRelays: Handler<'relays.list'> = (_args, env) => entries(env)

export const addRelay: Handler<'relays.add'> = async (args, env) => {
  if (await relayListed(env.db, args.url)) {
    throw refusal('conflict', 'relays.listed', { url: args.url }, [refusalIssue('url', 'relays.listed.issue')])
  }
  const now = env.now()
  await insertRelay(env.db, args.url, now)
  await env.audit({ entity: 'relay', entity_id: args.url, before: null, after: { url: args.url } })
  env.emit({ name: 'relays.changed', payload: { url: args.url, state: 'idle' } })
  return entries(env)
}

export const removeRelay: Handler<'relays.remove'> = async (args, env) => {
  if (!(await deleteRelay(env.db, args.url)))
    throw refusal('not_found', 'relays.not_found', { url: args.url }, [refusalIssue('url', 'relays.not_found.issue')])
  await env.audit({ entity: 'relay', entity_id: args.url, before: { url: args.url }, after: null })
  env.relays.drop(args.url)
  env.emit({ name: 'relays.changed', payload: { url: args.url, state: 'removed' } })
  return entries(env)
}

export const listOutbox: Handler<'outbox.list'> = async (args, env) => (await outboxWithStatus(env.db, args)).map(toOutboxItem)

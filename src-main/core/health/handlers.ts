import { CommandError } from '../../../src-shared/contract/errors'
import type { Handler } from '../env'
import { healthOf } from './checks'
import { alertsPage } from './queries'
import { todayOf } from './today'
import { toAlert } from './view'

export const getHealth: Handler<'health.get'> = (_args, env) => healthOf(env)

export const listAlerts: Handler<'alerts.list'> = async (args, env) => (await alertsPage(env.db, args)).map(toAlert)

/** Acknowledged: seen, and shown as such; the check goes on, and a cleared entry still follows when it is fixed. */
export const ackAlert: Handler<'alerts.ack'> = async (args, env) => {
  const row = await env.db.selectFrom('alerts').selectAll().where('id', '=', args.id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No alert ${args.id}.`, [{ path: 'id', message: 'is not an alert' }])
  if (row.acked_at) return toAlert(row)
  const after = { ...row, acked_at: env.now(), acked_by: env.actor }
  await env.db.updateTable('alerts').set({ acked_at: after.acked_at, acked_by: after.acked_by }).where('id', '=', row.id).execute()
  await env.audit({
    entity: 'alert',
    entity_id: row.id,
    before: { acked_at: null },
    after: { acked_at: after.acked_at, acked_by: after.acked_by },
  })
  env.emit({ name: 'alerts.changed', payload: { raised: [], cleared: 0 } })
  return toAlert(after)
}

export const getToday: Handler<'today.get'> = (args, env) => todayOf(env, args.utc_offset_minutes)

/** Shows the operator what an alert looks like on this desktop: announced like one, recorded nowhere. */
export const notifyTest: Handler<'alerts.notifyTest'> = async (_args, env) => {
  env.emit({
    name: 'alerts.changed',
    payload: {
      raised: [{ id: 'test', title: 'Test notification', detail: 'Alerts reach this desktop like this one.', state: 'warning' }],
      cleared: 0,
    },
  })
  return { sent: true }
}

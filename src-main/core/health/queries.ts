import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { toAlert } from './view'

/** Alerts, newest first; `open`: raised, not acknowledged, and not back to normal since. */
export function alertsPage(db: Kysely<Database>, args: { open: boolean; limit: number }) {
  let q = db.selectFrom('alerts as a').selectAll('a').orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(args.limit)
  if (args.open)
    q = q
      .where('a.kind', '=', 'raised')
      .where('a.acked_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('alerts as c')
              .select('c.id')
              .whereRef('c.check_id', '=', 'a.check_id')
              .where('c.kind', '=', 'cleared')
              .whereRef('c.at', '>=', 'a.at')
              .whereRef('c.id', '<>', 'a.id'),
          ),
        ),
      )
  return q.execute()
}

export const openAlerts = async (db: Kysely<Database>, limit: number) => (await alertsPage(db, { open: true, limit })).map(toAlert)

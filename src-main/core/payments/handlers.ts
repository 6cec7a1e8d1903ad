import type { Handler } from '../handler'
import { decodeCursor, toPage } from '../ledger/paging'
import { toLeg } from '../settlement/view'

export const listPayments: Handler<'payments.list'> = async (args, env) => {
  const before = decodeCursor(args.cursor)
  let q = env.db
    .selectFrom('legs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(args.limit + 1)
  if (args.leg_type) q = q.where('leg_type', '=', args.leg_type)
  if (args.status) q = q.where('status', '=', args.status)
  if (args.settlement_id) q = q.where('settlement_id', '=', args.settlement_id)
  if (args.client_id) q = q.where('client_id', '=', args.client_id)
  if (before) q = q.where('id', '<', before)
  return toPage(await q.execute(), args.limit, toLeg)
}

import type { Handler } from '../env'
import { toPage } from '../ledger/paging'
import { legPage, legTotals } from '../settlement/queries'
import { toLeg } from '../settlement/view'

export const listPayments: Handler<'payments.list'> = async (args, env) => toPage(await legPage(env.db, args), args.limit, toLeg)

export const totalPayments: Handler<'payments.totals'> = async (args, env) => legTotals(env.db, args)

import type { Handler } from '../env'
import { toPage } from '../ledger/paging'
import { legPage } from '../settlement/queries'
import { toLeg } from '../settlement/view'

export const listPayments: Handler<'payments.list'> = async (args, env) => toPage(await legPage(env.db, args), args.limit, toLeg)

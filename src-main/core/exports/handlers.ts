import type { Handler } from '../env'
import { periodStatement } from '../clients/statement'
import { koinlyCsv, paymentsCsv, settlementsCsv, statementCsv, tableCsv } from './csv-export'

export const exportCsv: Handler<'export.csv'> = async (args, env) => {
  switch (args.what) {
    case 'table':
      return tableCsv(env.db, args.table)
    case 'settlements':
      return settlementsCsv(env.db, args.machine_id)
    case 'payments':
      return paymentsCsv(env.db, args.machine_id)
    case 'lp_statement':
      return statementCsv(await periodStatement(env.db, args.id, args, env.now()))
    case 'koinly':
      return koinlyCsv(await periodStatement(env.db, args.id, args, env.now()))
  }
}

import type { Kysely } from 'kysely'
import type { ClientBalance } from '../../../src-shared/domain/client'
import type { Database } from '../ledger/schema'
import { lpBalances } from './remaining'

/** An LP's deposits, what they received (DCA and balance settlements), what remains, and their cost basis. */
export async function clientBalanceOf(db: Kysely<Database>, clientId: string, fiatCode: string): Promise<ClientBalance> {
  const [balance] = await lpBalances(db, { client_id: clientId })
  const legs = await db
    .selectFrom('legs')
    .select([
      'leg_type',
      'status',
      (eb) => eb.fn.sum<number>('amount_sats').as('sats'),
      (eb) => eb.fn.sum<number>('amount_fiat').as('fiat'),
    ])
    .where('client_id', '=', clientId)
    .where('leg_type', 'in', ['dca', 'balance_settlement'])
    .where('status', '<>', 'voided')
    .groupBy(['leg_type', 'status'])
    .execute()
  const total = (type: string, done: boolean) =>
    legs
      .filter((l) => l.leg_type === type && (l.status === 'completed') === done)
      .reduce((a, l) => ({ sats: a.sats + Number(l.sats ?? 0), fiat: a.fiat + Number(l.fiat ?? 0) }), { sats: 0, fiat: 0 })
  const dca = total('dca', true)
  const settled = total('balance_settlement', true)
  const pending = total('dca', false)
  const sats = dca.sats + settled.sats
  const fiat = dca.fiat + settled.fiat
  const result: ClientBalance = {
    client_id: clientId,
    fiat_code: fiatCode,
    confirmed_deposits: balance?.confirmed ?? 0,
    dca_received_sats: dca.sats,
    dca_received_fiat: dca.fiat,
    dca_pending_fiat: pending.fiat,
    settled_sats: settled.sats,
    settled_fiat: settled.fiat,
    remaining_fiat: balance?.remaining ?? 0,
    // fiat minor units per 100,000,000 sats, rounded half up
    avg_cost_per_btc: sats > 0 ? Number((BigInt(fiat) * 100_000_000n * 2n + BigInt(sats)) / (2n * BigInt(sats))) : null,
  }
  return result
}

import type { Kysely } from 'kysely'
import type { ClientStatement, StatementEntry } from '../../../src-shared/domain/client'
import type { Database } from '../ledger/schema'
import { loadClient } from './queries'
import { loadMachine } from '../machines/queries'

type Movement = Omit<StatementEntry, 'remaining_after'>

/**
 * An LP's statement for a period (docs/design.md#lp-statements): every deposit, reversal and
 * payment with its sats, fiat and price, the remaining balance after each, and the totals. A
 * payment counts when it was paid (when planned, while it is still on its way), so a statement
 * that runs to now closes on the balance `clients.balance` shows.
 */
export async function periodStatement(
  db: Kysely<Database>,
  clientId: string,
  period: { from?: string; to?: string },
  now: string,
): Promise<ClientStatement> {
  const client = await loadClient(db, clientId)
  const machine = await loadMachine(db, client.machine_id)
  const all = (await movements(db, clientId)).sort(
    (a, b) => a.at.localeCompare(b.at) || (a.leg_id ?? a.deposit_id ?? '').localeCompare(b.leg_id ?? b.deposit_id ?? ''),
  )
  const inPeriod = (m: Movement) => (!period.from || m.at >= period.from) && (!period.to || m.at < period.to)
  const opening = all.filter((m) => period.from && m.at < period.from).reduce((a, m) => a + m.fiat, 0)
  let remaining = opening
  const entries = all.filter(inPeriod).map((m) => ({ ...m, remaining_after: (remaining += m.fiat) }))
  const sum = (kind: StatementEntry['kind'], f: (e: StatementEntry) => number) =>
    entries.filter((e) => e.kind === kind).reduce((a, e) => a + f(e), 0)
  const bought = entries.filter((e) => e.kind === 'dca' || e.kind === 'balance_settlement')
  const sats = bought.reduce((a, e) => a + e.sats, 0)
  const fiat = bought.reduce((a, e) => a - e.fiat, 0)
  return {
    client: { id: client.id, name: client.name, machine_id: machine.id, machine_name: machine.name },
    fiat_code: machine.fiat_code,
    from: period.from ?? null,
    to: period.to ?? null,
    opening_remaining: opening,
    entries,
    totals: {
      deposits: sum('deposit', (e) => e.fiat),
      reversed: -sum('deposit_reversed', (e) => e.fiat),
      dca_fiat: -sum('dca', (e) => e.fiat),
      dca_sats: sum('dca', (e) => e.sats),
      settled_fiat: -sum('balance_settlement', (e) => e.fiat),
      settled_sats: sum('balance_settlement', (e) => e.sats),
    },
    closing_remaining: remaining,
    avg_price_per_btc: sats > 0 ? pricePerBtc(fiat, sats) : null,
    generated_at: now,
  }
}

/** fiat minor units per 100,000,000 sats, rounded half up, exactly */
export const pricePerBtc = (fiat: number, sats: number): number =>
  Number((BigInt(fiat) * 200_000_000n + BigInt(sats)) / (2n * BigInt(sats)))

async function movements(db: Kysely<Database>, clientId: string): Promise<Movement[]> {
  const deposits = await db
    .selectFrom('deposits')
    .select(['id', 'amount', 'status', 'confirmed_at', 'reversed_at'])
    .where('client_id', '=', clientId)
    .where('status', 'in', ['confirmed', 'reversed'])
    .execute()
  const legs = await db
    .selectFrom('legs as l')
    .leftJoin('settlements as s', 's.id', 'l.settlement_id')
    .select([
      'l.id',
      'l.leg_type',
      'l.status',
      'l.amount_sats',
      'l.amount_fiat',
      'l.payment_hash',
      'l.created_at',
      'l.completed_at',
      'l.settlement_id',
      's.txid',
    ])
    .where('l.client_id', '=', clientId)
    .where('l.leg_type', 'in', ['dca', 'balance_settlement'])
    .where('l.status', '<>', 'voided')
    .execute()
  const none = { sats: 0, status: null, price_per_btc: null, leg_id: null, settlement_id: null, txid: null, payment_hash: null }
  return [
    ...deposits.map((d): Movement => ({ ...none, at: d.confirmed_at!, kind: 'deposit', fiat: d.amount, deposit_id: d.id })),
    ...deposits
      .filter((d) => d.status === 'reversed')
      .map((d): Movement => ({ ...none, at: d.reversed_at!, kind: 'deposit_reversed', fiat: -d.amount, deposit_id: d.id })),
    ...legs.map((l): Movement => ({
      at: l.completed_at ?? l.created_at,
      kind: l.leg_type as 'dca' | 'balance_settlement',
      fiat: -(l.amount_fiat ?? 0),
      sats: l.amount_sats,
      status: l.status,
      price_per_btc: l.amount_sats > 0 && l.amount_fiat ? pricePerBtc(l.amount_fiat, l.amount_sats) : null,
      deposit_id: null,
      leg_id: l.id,
      settlement_id: l.settlement_id,
      txid: l.txid,
      payment_hash: l.payment_hash,
    })),
  ]
}

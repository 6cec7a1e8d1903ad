import { sql, type Kysely } from 'kysely'
import type { ClientsTable, Database } from '../ledger/schema'
import { prepared } from '../ledger/prepared'

export interface LpBalanceRow {
  client_id: string
  confirmed: number
  /** fiat of non-voided dca and balance_settlement legs: already promised to the LP */
  allocated: number
  remaining: number
}

/**
 * An LP's confirmed deposits and allocated fiat, as columns of a query over `clients c`. The legs'
 * sum is the one SQLite keeps per LP as the legs change (lp_allocated), so a sale costs the same
 * however many legs an LP already has.
 */
const CONFIRMED = sql<number>`(SELECT coalesce(sum(d.amount), 0) FROM deposits d WHERE d.client_id = c.id AND d.status = 'confirmed')`
const ALLOCATED = sql<number>`coalesce((SELECT a.fiat FROM lp_allocated a WHERE a.client_id = c.id), 0)`
const BALANCE_COLUMNS = sql`${CONFIRMED} AS confirmed, ${ALLOCATED} AS allocated`

/**
 * Remaining balance R_i = confirmed deposits - fiat of non-voided dca legs - fiat of
 * non-voided balance_settlement legs (docs/settlement.md#balances). Derived on every read.
 */
export async function lpBalances(db: Kysely<Database>, where: { machine_id: string } | { client_id: string }): Promise<LpBalanceRow[]> {
  const filter = 'machine_id' in where ? sql`c.machine_id = ${where.machine_id}` : sql`c.id = ${where.client_id}`
  const rows = await sql<{ client_id: string; confirmed: number; allocated: number }>`
    SELECT c.id AS client_id, ${BALANCE_COLUMNS} FROM clients c WHERE ${filter} ORDER BY c.id`.execute(db)
  return rows.rows.map((r) => ({ ...r, remaining: r.confirmed - r.allocated }))
}

export type LpToPlan = Pick<ClientsTable, 'id' | 'name' | 'payout_destination' | 'destination_kind' | 'destination_enc'> & {
  remaining: number
}

// Compiled once: every sale asks it, and building it each time was a fifth of its cost (docs/performance.md).
const machineLps = prepared((db, v: { machineId: string }) =>
  db
    .selectFrom('clients as c')
    .select([
      'c.id',
      'c.name',
      'c.payout_destination',
      'c.destination_kind',
      'c.destination_enc',
      CONFIRMED.as('confirmed'),
      ALLOCATED.as('allocated'),
    ])
    .where('c.machine_id', '=', v.machineId)
    .orderBy('c.id'),
)

/** A machine's LPs with what a plan needs of each (destination and remaining balance), in one query, as every sale asks. */
export async function lpsToPlan(db: Kysely<Database>, machineId: string): Promise<LpToPlan[]> {
  const rows = await machineLps(db, { machineId })
  return rows.map(({ confirmed, allocated, ...c }) => ({ ...c, remaining: confirmed - allocated }))
}

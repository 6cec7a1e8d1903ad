import { sql, type Kysely } from 'kysely'
import type { Database } from '../ledger/schema'

export interface LpBalanceRow {
  client_id: string
  confirmed: number
  /** fiat of non-voided dca and balance_settlement legs: already promised to the LP */
  allocated: number
  remaining: number
}

/**
 * Remaining balance R_i = confirmed deposits - fiat of non-voided dca legs - fiat of
 * non-voided balance_settlement legs (docs/settlement.md#balances). Derived on every read:
 * the legs' sum is the one SQLite keeps per LP as the legs change (lp_allocated), so a sale
 * costs the same however many legs an LP already has.
 */
export async function lpBalances(db: Kysely<Database>, where: { machine_id: string } | { client_id: string }): Promise<LpBalanceRow[]> {
  const filter = 'machine_id' in where ? sql`c.machine_id = ${where.machine_id}` : sql`c.id = ${where.client_id}`
  const rows = await sql<{ client_id: string; confirmed: number; allocated: number }>`
    SELECT c.id AS client_id,
      (SELECT coalesce(sum(d.amount), 0) FROM deposits d WHERE d.client_id = c.id AND d.status = 'confirmed') AS confirmed,
      coalesce((SELECT a.fiat FROM lp_allocated a WHERE a.client_id = c.id), 0) AS allocated
    FROM clients c WHERE ${filter} ORDER BY c.id`.execute(db)
  return rows.rows.map((r) => ({ ...r, remaining: r.confirmed - r.allocated }))
}

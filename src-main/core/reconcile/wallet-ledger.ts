import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, LegsTable, WalletBindingsTable } from '../ledger/schema'

const BATCH = 5_000
const BATCH_SALES = 1_000

/** A leg one wallet answers for, whole: what a finding about it says. */
export type WalletLeg = Pick<
  LegsTable,
  'id' | 'settlement_id' | 'leg_type' | 'status' | 'amount_sats' | 'payment_hash' | 'target_label'
> & {
  rowid: number
}

/** A leg found for the `i`-th id or hash of a lookup: only what tallying its payment needs. */
export type LegHit = Pick<LegsTable, 'status' | 'amount_sats'> & { i: number; rowid: number }

/** A sale of the wallet's machine that came in by (or went out as) a payment of this hash. */
export interface WalletSale {
  rowid: number
  id: string
  payment_hash: string
}

const LEG_COLUMNS = sql`l.rowid AS rowid, l.id, l.settlement_id, l.leg_type, l.status, l.amount_sats, l.payment_hash, l.target_label`
/** Legs that move no money are not LNbits' business; planned and failed ones only once they have a hash (an invoice was made for them). */
const LNBITS_LEG = sql`l.leg_type NOT IN ('operator_principal', 'retained')
  AND (l.status IN ('completed', 'in_flight') OR (l.status IN ('failed', 'planned') AND l.payment_hash IS NOT NULL))`

/**
 * The legs paid (or being paid) from a wallet, as joins and a condition on `legs l`: a machine
 * wallet pays its machine's legs (of its sales, and its LPs' balance settlements), a funding
 * wallet the balance settlements that name it. A leg's sale is looked for among its machine's
 * (the index of settlements by machine holds both ids), never read whole: a lookup per leg.
 */
function legScope(wallet: WalletBindingsTable): RawBuilder<unknown> {
  if (wallet.role === 'funding') return sql`WHERE ${LNBITS_LEG} AND l.funding_wallet_id = ${wallet.id}`
  return sql`LEFT JOIN settlements s ON s.machine_id = ${wallet.machine_id} AND s.id = l.settlement_id
    LEFT JOIN clients c ON c.id = l.client_id AND l.settlement_id IS NULL
    WHERE ${LNBITS_LEG} AND l.funding_wallet_id IS NULL AND (s.id IS NOT NULL OR (l.settlement_id IS NULL AND c.machine_id = ${wallet.machine_id}))`
}

/** [rowid, status, amount_sats] of each leg some rows of `legs l` hold, as one JSON array */
const TRIPLES = sql`json_group_array(json_array(l.rowid, l.status, l.amount_sats)) AS legs`

/**
 * The wallet's legs, a batch at a time: a machine wallet's from its sales down (a batch of its
 * settlements through their index, then their legs through theirs) and then its LPs' balance
 * settlements; a funding wallet's by rowid.
 */
async function eachLeg(
  db: Kysely<Database>,
  wallet: WalletBindingsTable,
  visit: (rowid: number, status: LegsTable['status'], amount_sats: number) => void,
): Promise<void> {
  const batch = async (query: RawBuilder<{ legs: string }>) => {
    const triples = JSON.parse((await query.execute(db)).rows[0]!.legs) as [number, LegsTable['status'], number][]
    for (const [rowid, status, amount] of triples) visit(rowid, status, amount)
    return triples
  }
  const byRowid = async (from: RawBuilder<unknown>) => {
    for (let after = 0; ;) {
      const got = await batch(sql`SELECT ${TRIPLES} FROM (SELECT l.rowid AS rowid, l.status, l.amount_sats FROM ${from}
        AND l.rowid > ${after} ORDER BY l.rowid LIMIT ${BATCH}) l`)
      if (got.length < BATCH) return
      after = got.at(-1)![0]
    }
  }
  if (wallet.role === 'funding') return byRowid(sql`legs l WHERE ${LNBITS_LEG} AND l.funding_wallet_id = ${wallet.id}`)
  const machine = wallet.machine_id
  for (let after = ''; ;) {
    // the last settlement of the next batch, so that its legs are read as a range of the index
    const upto = (
      await sql<{ id: string }>`SELECT id FROM settlements WHERE machine_id = ${machine} AND id > ${after}
        ORDER BY id LIMIT 1 OFFSET ${BATCH_SALES - 1}`.execute(db)
    ).rows[0]?.id
    await batch(sql`SELECT ${TRIPLES} FROM settlements s CROSS JOIN legs l ON l.settlement_id = s.id
      WHERE s.machine_id = ${machine} AND s.id > ${after} ${upto === undefined ? sql`` : sql`AND s.id <= ${upto}`}
      AND l.funding_wallet_id IS NULL AND ${LNBITS_LEG}`)
    if (upto === undefined) break
    after = upto
  }
  await byRowid(sql`clients c CROSS JOIN legs l ON l.client_id = c.id
    WHERE c.machine_id = ${machine} AND l.settlement_id IS NULL AND l.funding_wallet_id IS NULL AND ${LNBITS_LEG}`)
}

/**
 * The ledger's side of one wallet's reconciliation: the wallet's legs read once, a batch at a time
 * (`eachLeg`), then asked a page of LNbits payments at a time (by the ids and hashes that page
 * names), never for the whole ledger at once. A page's ids go as one
 * JSON array, so each lookup is one statement text whatever its length; what is found comes back
 * as one JSON array too, holding only what tallying needs: a row apiece was most of the time
 * (docs/performance.md). A leg's whole row is read once something is to be said about it.
 */
export function walletLedger(db: Kysely<Database>, wallet: WalletBindingsTable) {
  const scope = legScope(wallet)
  const machineId = wallet.role === 'machine' ? wallet.machine_id : null
  const rows = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows
  const list = (values: readonly (string | number)[]) => JSON.stringify(values)
  /** what a lookup found, as the one JSON array its statement builds */
  const found = async <T>(query: RawBuilder<{ hits: string }>): Promise<T[]> => JSON.parse((await rows(query))[0]!.hits) as T[]
  /** [i, rowid, status, amount_sats] of each leg found for the i-th key */
  const hits = async (query: RawBuilder<{ hits: string }>): Promise<LegHit[]> =>
    (await found<[number, number, LegHit['status'], number]>(query)).map(([i, rowid, status, amount_sats]) => ({
      i,
      rowid,
      status,
      amount_sats,
    }))
  const HITS = sql`json_group_array(json_array(j.key, l.rowid, l.status, l.amount_sats)) AS hits`
  /** [i, rowid] of each leg anywhere in the ledger found for the i-th key: the id and hash indexes hold the rowid */
  const rowids = async (query: RawBuilder<{ hits: string }>) => found<[number, number]>(query)
  const ROWIDS = sql`json_group_array(json_array(j.key, l.rowid)) AS hits`
  return {
    eachLeg: (visit: Parameters<typeof eachLeg>[2]) => eachLeg(db, wallet, visit),
    rowidsById: (ids: string[]) => rowids(sql`SELECT ${ROWIDS} FROM json_each(${list(ids)}) j CROSS JOIN legs l ON l.id = j.value`),
    rowidsByHash: (hashes: string[]) =>
      rowids(sql`SELECT ${ROWIDS} FROM json_each(${list(hashes)}) j CROSS JOIN legs l ON l.payment_hash = j.value`),
    /** the same, the wallet's legs only, with what tallying needs: for legs that became the wallet's after eachLeg read them */
    legsById: (ids: string[]) => hits(sql`SELECT ${HITS} FROM json_each(${list(ids)}) j CROSS JOIN legs l ON l.id = j.value ${scope}`),
    legsByHash: (hashes: string[]) =>
      hits(sql`SELECT ${HITS} FROM json_each(${list(hashes)}) j CROSS JOIN legs l ON l.payment_hash = j.value ${scope}`),
    legsByRowid: (rowids: number[]) =>
      rows(sql<WalletLeg>`SELECT ${LEG_COLUMNS} FROM json_each(${list(rowids)}) j CROSS JOIN legs l ON l.rowid = j.value ORDER BY l.rowid`),
    legsInFlight: () => rows(sql<WalletLeg>`SELECT ${LEG_COLUMNS} FROM legs l ${scope} AND l.status = 'in_flight'`),
    completedLegsAfter: (rowid: number, limit: number) =>
      rows(
        sql<{
          rowid: number
        }>`SELECT l.rowid AS rowid FROM legs l ${scope} AND l.status = 'completed' AND l.rowid > ${rowid} ORDER BY l.rowid LIMIT ${limit}`,
      ),
    /** cash-outs in, cash-ins out; rejected ones too. A funding wallet has no sales. */
    salesByHash: async (hashes: string[]): Promise<{ i: number; rowid: number }[]> =>
      machineId === null || hashes.length === 0
        ? []
        : (
            await found<[number, number]>(sql<{ hits: string }>`SELECT json_group_array(json_array(j.key, s.rowid)) AS hits
              FROM json_each(${list(hashes)}) j CROSS JOIN settlements s ON s.payment_hash = j.value WHERE s.machine_id = ${machineId}`)
          ).map(([i, rowid]) => ({ i, rowid })),
    salesCount: async () =>
      machineId === null
        ? 0
        : (
            await rows(
              sql<{ n: number }>`SELECT count(*) AS n FROM settlements WHERE machine_id = ${machineId} AND payment_hash IS NOT NULL`,
            )
          )[0]!.n,
    salesAfter: async (rowid: number, limit: number) =>
      machineId === null
        ? []
        : rows(sql<WalletSale>`SELECT rowid, id, payment_hash FROM settlements
            WHERE machine_id = ${machineId} AND payment_hash IS NOT NULL AND rowid > ${rowid} ORDER BY rowid LIMIT ${limit}`),
    /** payments waiting among the unattributed ones: not "not ingested" */
    waiting: async () =>
      new Set(
        (await db.selectFrom('unattributed_payments').select('payment_hash').where('wallet_binding_id', '=', wallet.id).execute()).map(
          (r) => r.payment_hash,
        ),
      ),
  }
}

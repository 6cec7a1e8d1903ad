import { insertRows } from '../ledger/insert-rows'
import { sql, type Kysely } from 'kysely'
import { refusal } from '../../../src-shared/messages/refuse'
import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import type { PaymentTotals, SettlementDetail, SettlementStatus, SettlementTotals } from '../../../src-shared/domain/settlement'
import type { Database, LegsTable, SettlementsTable } from '../ledger/schema'
import { decodeCursor } from '../ledger/paging'
import { toLeg, toSettlement } from './view'
import { indexLiteral } from '../ledger/index-literal'
import { prepared } from '../ledger/prepared'

type Db = Kysely<Database>

const settlementById = prepared((db, v: { id: string }) => db.selectFrom('settlements').selectAll().where('id', '=', v.id))

export async function loadSettlement(db: Db, id: string): Promise<SettlementsTable> {
  const [row] = await settlementById(db, { id })
  if (!row) throw refusal('not_found', 'settlement.not_found', { id })
  return row
}

export async function settlementDetail(db: Db, id: string): Promise<SettlementDetail> {
  const row = await loadSettlement(db, id)
  const legs = await db.selectFrom('legs').selectAll().where('settlement_id', '=', id).orderBy('position').orderBy('created_at').execute()
  const notes = await db
    .selectFrom('settlement_notes')
    .select(['author', 'body', 'created_at'])
    .where('settlement_id', '=', id)
    .orderBy('id')
    .execute()
  return {
    ...toSettlement(row),
    legs: legs.map(toLeg),
    notes: notes.map((n) => ({ author: n.author, note: n.body, created_at: n.created_at })),
  }
}

export async function insertSettlement(db: Db, row: SettlementsTable): Promise<void> {
  await insertRows(db, 'settlements', [row])
}

export async function addSettlementNote(db: Db, settlementId: string, author: string, body: string, at: string): Promise<void> {
  await db.insertInto('settlement_notes').values({ settlement_id: settlementId, author, body, created_at: at }).execute()
}

const settlementForTxid = prepared((db, v: { machineId: string; txid: string }) =>
  db
    .selectFrom('settlements')
    .select(['id', 'payment_hash', 'source'])
    .where('machine_id', '=', v.machineId)
    .where('txid', '=', v.txid)
    .where('status', '<>', indexLiteral('rejected')),
)

/** The settlement that holds a machine's txid (a rejected claim holds none): a sale is settled once. */
export async function activeSettlementForTxid(
  db: Db,
  machineId: string,
  txid: string,
): Promise<Pick<SettlementsTable, 'id' | 'payment_hash' | 'source'> | undefined> {
  return (await settlementForTxid(db, { machineId, txid }))[0]
}

const settlementByHash = prepared((db, v: { hash: string }) =>
  db.selectFrom('settlements').select(['id', 'status']).where('payment_hash', '=', v.hash),
)

export async function settlementForPaymentHash(db: Db, hash: string): Promise<Pick<SettlementsTable, 'id' | 'status'> | undefined> {
  return (await settlementByHash(db, { hash }))[0]
}

type SettlementFilter = ParsedArgsOf<'settlements.totals'>

/**
 * `column` holds `words` anywhere (ASCII case-insensitive), LIKE's own wildcards taken as plain
 * characters: the escaping and its ESCAPE clause are written once, here.
 */
const contains = (column: string, words: string) =>
  sql<boolean>`${sql.ref(column)} LIKE ${`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`

/** The settlements a filter takes (docs/commands.md#settlements): by machine, status, direction, period and words. */
function filtered(db: Db, f: SettlementFilter) {
  let q = db.selectFrom('settlements as s')
  if (f.machine_id) q = q.where('s.machine_id', '=', f.machine_id)
  if (f.status) q = q.where('s.status', '=', f.status)
  if (f.direction) q = q.where('s.direction', '=', f.direction)
  if (f.from) q = q.where('s.created_at', '>=', f.from)
  if (f.to) q = q.where('s.created_at', '<', f.to)
  if (f.q) {
    // a txid or payment hash containing the words, or a leg paying an LP whose name does (LIKE is ASCII case-insensitive)
    const words = f.q
    q = q.where((eb) =>
      eb.or([
        contains('s.txid', words),
        contains('s.payment_hash', words),
        eb.exists(
          eb
            .selectFrom('legs as l')
            .innerJoin('clients as c', 'c.id', 'l.client_id')
            .select(sql`1`.as('one'))
            .whereRef('l.settlement_id', '=', 's.id')
            .where(contains('c.name', words)),
        ),
      ]),
    )
  }
  return q
}

/** A page of settlements (limit + 1 rows, for toPage), newest first. */
export function settlementPage(db: Db, args: ParsedArgsOf<'settlements.list'>): Promise<SettlementsTable[]> {
  const before = decodeCursor(args.cursor)
  let q = filtered(db, args)
    .selectAll('s')
    .orderBy('s.id', 'desc')
    .limit(args.limit + 1)
  if (before) q = q.where('s.id', '<', before)
  return q.execute()
}

/** What the settlements a filter takes add up to: sats overall, fiat per currency. */
export async function settlementTotals(db: Db, f: SettlementFilter): Promise<SettlementTotals> {
  const rows = await filtered(db, f)
    .select((eb) => [
      's.fiat_code',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('s.crypto_atoms').as('sats'),
      eb.fn.sum<number>('s.fiat_amount').as('fiat'),
    ])
    .groupBy('s.fiat_code')
    .orderBy('s.fiat_code')
    .execute()
  return {
    count: rows.reduce((n, r) => n + Number(r.count), 0),
    crypto_atoms: rows.reduce((n, r) => n + Number(r.sats ?? 0), 0),
    by_currency: rows.map((r) => ({ fiat_code: r.fiat_code, count: Number(r.count), fiat_amount: Number(r.fiat ?? 0) })),
  }
}

/** Oldest first: the order the processor takes them in. */
export function pendingSettlements(db: Db, limit: number): Promise<Pick<SettlementsTable, 'id' | 'machine_id'>[]> {
  return db.selectFrom('settlements').select(['id', 'machine_id']).where('status', '=', 'pending').orderBy('id').limit(limit).execute()
}

export function settlementsIn(
  db: Db,
  status: SettlementStatus,
  opts: { before?: { column: 'created_at' | 'processing_at'; at: string } } = {},
): Promise<SettlementsTable[]> {
  let q = db.selectFrom('settlements').selectAll().where('status', '=', status).orderBy('id').limit(500)
  if (opts.before) q = q.where(opts.before.column, '<', opts.before.at)
  return q.execute()
}

export async function countSettlements<S extends SettlementStatus>(db: Db, statuses: S[]): Promise<Record<S, number>> {
  const rows = await db
    .selectFrom('settlements')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', statuses)
    .groupBy('status')
    .execute()
  return Object.fromEntries(statuses.map((s) => [s, Number(rows.find((r) => r.status === s)?.n ?? 0)])) as Record<S, number>
}

/** A plan's figures, kept with the settlement in the transaction that writes its legs. */
export const savePlanFigures = prepared((db, v: Pick<SettlementsTable, 'id' | 'base_sats' | 'commission_sats' | 'plan_inputs_json'>) =>
  db
    .updateTable('settlements')
    .set({ base_sats: v.base_sats, commission_sats: v.commission_sats, plan_inputs_json: v.plan_inputs_json })
    .where('id', '=', v.id),
)

/** Legs of a settlement that moved money or may have: what a partial dispense can no longer take back. */
export function movingLegs(db: Db, settlementId: string): Promise<Pick<LegsTable, 'status' | 'target_label'>[]> {
  return db
    .selectFrom('legs')
    .select(['status', 'target_label'])
    .where('settlement_id', '=', settlementId)
    .where('status', 'in', ['completed', 'in_flight'])
    .where('leg_type', 'not in', ['operator_principal', 'retained'])
    .execute()
}

export function loadLeg(db: Db, id: string): Promise<LegsTable> {
  return db.selectFrom('legs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** In chunks: SQLite limits the variables of one statement, and a machine may have thousands of LPs. */
export async function insertLegs(db: Db, rows: LegsTable[]): Promise<void> {
  await insertRows(db, 'legs', rows)
}

/** An LP's balance settlements whose outcome is not known yet (planned, or in flight at LNbits). */
export function openBalanceSettlements(db: Db, clientId: string): Promise<LegsTable[]> {
  return db
    .selectFrom('legs')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('leg_type', '=', 'balance_settlement')
    .where('status', 'in', ['planned', 'in_flight'])
    .execute()
}

/** The legs a payments filter takes: by type, status, settlement, LP, machine, period and words. */
function filteredLegs(db: Db, f: ParsedArgsOf<'payments.totals'>) {
  let q = db.selectFrom('legs as l')
  if (f.leg_type) q = q.where('l.leg_type', '=', f.leg_type)
  if (f.status) q = q.where('l.status', '=', f.status)
  if (f.settlement_id) q = q.where('l.settlement_id', '=', f.settlement_id)
  if (f.client_id) q = q.where('l.client_id', '=', f.client_id)
  if (f.from) q = q.where('l.created_at', '>=', f.from)
  if (f.to) q = q.where('l.created_at', '<', f.to)
  if (f.machine_id) {
    const machineId = f.machine_id
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('settlements as s')
          .select(sql`1`.as('one'))
          .whereRef('s.id', '=', 'l.settlement_id')
          .where('s.machine_id', '=', machineId),
      ),
    )
  }
  if (f.q) {
    const words = f.q
    q = q.where((eb) =>
      eb.or([
        contains('l.payment_hash', words),
        contains('l.target_label', words),
        eb.exists(
          eb
            .selectFrom('clients as c')
            .select(sql`1`.as('one'))
            .whereRef('c.id', '=', 'l.client_id')
            .where(contains('c.name', words)),
        ),
      ]),
    )
  }
  return q
}

/** A page of legs (limit + 1 rows, for toPage), newest first. */
export function legPage(db: Db, args: ParsedArgsOf<'payments.list'>): Promise<LegsTable[]> {
  const before = decodeCursor(args.cursor)
  let q = filteredLegs(db, args)
    .selectAll('l')
    .orderBy('l.id', 'desc')
    .limit(args.limit + 1)
  if (before) q = q.where('l.id', '<', before)
  return q.execute()
}

/** How many legs a filter takes, and their sats. */
export async function legTotals(db: Db, f: ParsedArgsOf<'payments.totals'>): Promise<PaymentTotals> {
  const row = await filteredLegs(db, f)
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('l.amount_sats').as('sats')])
    .executeTakeFirst()
  return { count: Number(row?.count ?? 0), amount_sats: Number(row?.sats ?? 0) }
}

/**
 * The machine's pending settlements that come before this one and have no plan yet (no legs that
 * are not voided): the processor plans them first, oldest first.
 */
export function earlierUnplanned(db: Db, s: Pick<SettlementsTable, 'id' | 'machine_id'>): Promise<SettlementsTable[]> {
  return db
    .selectFrom('settlements')
    .selectAll()
    .where('machine_id', '=', s.machine_id)
    .where('status', '=', 'pending')
    .where('id', '<', s.id)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('legs').select('legs.id').whereRef('legs.settlement_id', '=', 'settlements.id').where('legs.status', '<>', 'voided'),
        ),
      ),
    )
    .orderBy('id')
    .execute()
}

import type { Kysely } from 'kysely'
import { refusal } from '../../../src-shared/messages/refuse'
import type { DepositStatus } from '../../../src-shared/domain/deposit'
import type { Database, DepositsTable } from '../ledger/schema'
import { decodeCursor } from '../ledger/paging'
import { indexLiteral } from '../ledger/index-literal'

type Db = Kysely<Database>

export async function loadDeposit(db: Db, id: string): Promise<DepositsTable> {
  const row = await db.selectFrom('deposits').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw refusal('not_found', 'deposits.not_found', { id })
  return row
}

/** A page of deposits (limit + 1 rows, for toPage), newest first. */
export function depositPage(
  db: Db,
  args: { cursor?: string | null; limit: number; client_id?: string; machine_id?: string; status?: DepositStatus },
): Promise<DepositsTable[]> {
  const after = decodeCursor(args.cursor)
  let q = db
    .selectFrom('deposits')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(args.limit + 1)
  if (args.client_id) q = q.where('client_id', '=', args.client_id)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (args.status) q = q.where('status', '=', args.status)
  if (after) q = q.where('id', '<', after)
  return q.execute()
}

export async function insertDeposit(db: Db, row: DepositsTable): Promise<void> {
  await db.insertInto('deposits').values(row).execute()
}

/** Amount and note, while the deposit is pending (the guard makes a confirmed one untouchable). */
export async function editPendingDeposit(db: Db, row: DepositsTable): Promise<boolean> {
  const r = await db
    .updateTable('deposits')
    .set({ amount: row.amount, note: row.note, updated_at: row.updated_at })
    .where('id', '=', row.id)
    .where('status', '=', indexLiteral('pending'))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** pending -> confirmed | cancelled; the guard makes a concurrent second confirm a no-op instead of a double count. */
export async function settleDepositStatus(db: Db, row: DepositsTable): Promise<boolean> {
  const r = await db
    .updateTable('deposits')
    .set({ status: row.status, updated_at: row.updated_at, confirmed_at: row.confirmed_at })
    .where('id', '=', row.id)
    .where('status', '=', indexLiteral('pending'))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

export async function deletePendingDeposit(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('deposits').where('id', '=', id).where('status', '=', indexLiteral('pending')).executeTakeFirst()
  return r.numDeletedRows > 0n
}

/** confirmed -> reversed, final: the deposit no longer counts towards the LP's balance. */
export async function reverseConfirmedDeposit(db: Db, id: string, reason: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('deposits')
    .set({ status: 'reversed', reversed_at: now, reversal_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

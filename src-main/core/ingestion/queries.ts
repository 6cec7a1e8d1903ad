import type { Kysely } from 'kysely'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { Database, UnattributedPaymentsTable } from '../ledger/schema'

/** open -> attributed, for a payment the operator recorded by hand; false when none was waiting. */
export async function attributeWaitingPayment(
  db: Kysely<Database>,
  paymentHash: string,
  settlementId: string,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('unattributed_payments')
    .set({ status: 'attributed', settlement_id: settlementId, resolved_by: by, reason: 'recorded by hand', updated_at: at })
    .where('payment_hash', '=', paymentHash)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** How far ingestion has read each machine wallet, in the order they were bound. */
export function ingestionProgress(db: Kysely<Database>) {
  return db
    .selectFrom('wallet_bindings as w')
    .leftJoin('ingestion_cursors as c', 'c.wallet_binding_id', 'w.id')
    .select([
      'w.id',
      'w.machine_id',
      'w.label',
      'c.after_time',
      'c.out_after_time',
      'c.last_success_at',
      'c.last_error',
      'c.last_error_at',
      'c.payments_seen',
    ])
    .where('w.role', '=', 'machine')
    .orderBy('w.created_at')
    .execute()
}

export async function countUnattributed(db: Kysely<Database>, status: UnattributedPaymentsTable['status']): Promise<number> {
  const r = await db
    .selectFrom('unattributed_payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

// Newest first by LNbits' time; the cursor is "<paid_at>:<payment_hash>" of the last row seen.
export const encodeUnattributedCursor = (r: UnattributedPaymentsTable) =>
  Buffer.from(`${r.paid_at}:${r.payment_hash}`, 'utf8').toString('base64url')
function decodeUnattributedCursor(cursor: string | null | undefined): { paid_at: number; hash: string } | undefined {
  if (!cursor) return undefined
  const m = /^(\d{1,12}):([0-9a-f]{64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw refusal('invalid_args', 'ingestion.cursor', undefined, [refusalIssue('cursor', 'ingestion.cursor.issue')])
  return { paid_at: Number(m[1]), hash: m[2]! }
}

/** A page of unattributed payments (limit + 1 rows), newest first by LNbits' time. */
export function unattributedPage(
  db: Kysely<Database>,
  args: { cursor?: string | null; limit: number; status?: UnattributedPaymentsTable['status']; machine_id?: string },
): Promise<UnattributedPaymentsTable[]> {
  const after = decodeUnattributedCursor(args.cursor)
  let q = db
    .selectFrom('unattributed_payments')
    .selectAll()
    .orderBy('paid_at', 'desc')
    .orderBy('payment_hash', 'desc')
    .limit(args.limit + 1)
  if (args.status) q = q.where('status', '=', args.status)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (after)
    q = q.where((eb) =>
      eb.or([eb('paid_at', '<', after.paid_at), eb.and([eb('paid_at', '=', after.paid_at), eb('payment_hash', '<', after.hash)])]),
    )
  return q.execute()
}

export async function loadOpenUnattributed(db: Kysely<Database>, hash: string): Promise<UnattributedPaymentsTable> {
  const row = await db.selectFrom('unattributed_payments').selectAll().where('payment_hash', '=', hash).executeTakeFirst()
  if (!row) throw refusal('not_found', 'ingestion.not_found', { hash }, [refusalIssue('payment_hash', 'ingestion.not_found.issue')])
  // an attributed payment names its settlement, a dismissed one has none (the table's CHECK)
  if (row.status === 'attributed') throw refusal('conflict', 'ingestion.already.attributed', { settlement: row.settlement_id ?? '' })
  if (row.status !== 'open') throw refusal('conflict', 'ingestion.already.dismissed')
  return row
}

export async function unattributedStatus(db: Kysely<Database>, hash: string): Promise<UnattributedPaymentsTable['status'] | undefined> {
  return (await db.selectFrom('unattributed_payments').select('status').where('payment_hash', '=', hash).executeTakeFirst())?.status
}

export async function insertUnattributed(db: Kysely<Database>, row: UnattributedPaymentsTable): Promise<void> {
  await db.insertInto('unattributed_payments').values(row).execute()
}

/**
 * open -> attributed | dismissed: the payment became a settlement (the operator said which sale,
 * or the ATM's attestation came late), or was set aside. False when it was no longer open.
 */
export async function resolveUnattributed(
  db: Kysely<Database>,
  hash: string,
  resolution: Pick<UnattributedPaymentsTable, 'status' | 'settlement_id' | 'resolved_by' | 'reason' | 'updated_at'>,
): Promise<boolean> {
  const r = await db
    .updateTable('unattributed_payments')
    .set(resolution)
    .where('payment_hash', '=', hash)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

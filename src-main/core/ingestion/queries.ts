import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'

/** open -> attributed, for a payment the operator recorded by hand; false when none was waiting. */
export async function recordUnattributedAsSettled(
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

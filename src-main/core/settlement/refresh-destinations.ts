import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { loadSuperConfig } from '../fees/queries'

/**
 * A leg failed perhaps because its destination was wrong; if the operator has fixed it since,
 * the retried leg pays the new one. LP legs take the LP's current destination, the platform
 * fee the current platform destination. (External split legs keep theirs: a ruleset is
 * replaced whole, so a new destination there comes with a new plan.)
 */
export async function refreshDestinations(trx: Kysely<Database>, settlementId: string, now: string): Promise<void> {
  const legs = await trx
    .selectFrom('legs')
    .select(['id', 'leg_type', 'client_id'])
    .where('settlement_id', '=', settlementId)
    .where('status', '=', 'planned')
    .execute()
  const sup = await loadSuperConfig(trx)
  for (const leg of legs) {
    if (leg.client_id) {
      const c = await trx
        .selectFrom('clients')
        .select(['payout_destination', 'destination_kind', 'destination_enc'])
        .where('id', '=', leg.client_id)
        .executeTakeFirst()
      if (c?.destination_enc)
        await trx
          .updateTable('legs')
          .set({ target: c.payout_destination ?? '', target_kind: c.destination_kind, target_enc: c.destination_enc, updated_at: now })
          .where('id', '=', leg.id)
          .execute()
    } else if (leg.leg_type === 'super_fee' && sup.fee_destination_enc) {
      await trx
        .updateTable('legs')
        .set({
          target: sup.fee_destination ?? '',
          target_kind: sup.fee_destination_kind,
          target_enc: sup.fee_destination_enc,
          updated_at: now,
        })
        .where('id', '=', leg.id)
        .execute()
    }
  }
}

import { formatFraction } from '../../../src-shared/money/fraction'
import { APP_EVENT_KIND, SUPER_CONFIG_D_TAG } from '../../../src-shared/nostr/kinds'
import type { SuperConfigTable } from '../ledger/schema'
import type { Database } from '../ledger/schema'
import type { Kysely } from 'kysely'
import { openDestination } from '../destinations/store'
import type { SecretBox } from '../secrets/box'
import { queuePublish } from '../relays/outbox'

/** The super config as the platform publishes it (plaintext, signed by the platform key): the destination in full, so operators can pay it. */
export function superConfigContent(c: SuperConfigTable, secrets: SecretBox) {
  const dest = openDestination(secrets, c.fee_destination_kind, c.fee_destination_enc)
  return {
    v: 1,
    super_cash_in_fee_fraction: formatFraction(c.super_cash_in_fee_parts),
    super_cash_out_fee_fraction: formatFraction(c.super_cash_out_fee_parts),
    fee_destination: dest?.value ?? null,
  }
}

/** In platform mode the app signs the super config for every operator (queued in the edit's transaction). */
export async function queueSuperConfig(trx: Kysely<Database>, c: SuperConfigTable, secrets: SecretBox, id: string): Promise<void> {
  await queuePublish(trx, {
    id,
    now: c.updated_at,
    kind: APP_EVENT_KIND,
    d_tag: SUPER_CONFIG_D_TAG,
    recipient: null,
    encrypt: false,
    content: superConfigContent(c, secrets),
  })
}

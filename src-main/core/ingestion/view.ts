import type { UnattributedPayment } from '../../../src-shared/domain/ingestion'
import type { UnattributedPaymentsTable } from '../ledger/schema'

export function toUnattributed(r: UnattributedPaymentsTable): UnattributedPayment {
  return {
    id: r.payment_hash,
    payment_hash: r.payment_hash,
    wallet_id: r.wallet_binding_id,
    machine_id: r.machine_id,
    amount_msat: r.amount_msat,
    memo: r.memo,
    paid_at: new Date(r.paid_at * 1000).toISOString(),
    status: r.status,
    settlement_id: r.settlement_id,
    resolved_by: r.resolved_by,
    reason: r.reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}

import type { OutboxItem } from '../../../src-shared/domain/relays'
import type { OutboxRelayStatusTable, OutboxTable } from '../ledger/schema'

/** An outbox row as the contract shows it: its state, and what each relay said (never its content, which may be sealed). */
export function toOutboxItem({ item: r, relays }: { item: OutboxTable; relays: OutboxRelayStatusTable[] }): OutboxItem {
  return {
    id: r.id,
    d_tag: r.d_tag,
    kind: r.kind,
    recipient_pubkey: r.recipient_pubkey,
    status: r.status,
    event_id: r.event_id,
    event_created_at: r.event_created_at,
    last_error: r.last_error,
    relays: relays.map((s) => ({ url: s.relay_url, ok: s.ok === null ? null : s.ok === 1, message: s.message, attempts: s.attempts })),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}

/** Server-to-UI pushes: typed events on the same contract as the commands. */
export interface EventPayloads {
  /** a machine was created or changed */
  'machines.changed': { id: string }
  'clients.changed': { id: string }
  'deposits.changed': { id: string }
  'splits.changed': { machine_id: string | null }
  'superConfig.changed': Record<string, never>
  /** the operator's settings changed (the platform key) */
  'settings.changed': Record<string, never>
  /** the processing switch was flipped */
  'processing.changed': { paused: boolean }
  /** a settlement was recorded or changed state */
  'settlements.changed': { id: string; status: string }
  /** a round of ingestion wrote something (counts of what it added) */
  'ingestion.changed': { wallet_id: string; settlements: number; rejected: number; unattributed: number }
  /** the relays brought news (an ATM's cassettes, the platform's config) */
  'cassettes.changed': Record<string, never>
  /** the signer changed (paired, locked, an approval asked for) */
  'signer.changed': { mode: string; ready: boolean }
  /** the data key was unlocked or wrapped anew */
  'secrets.changed': { protection: string; locked: boolean }
  /** a relay connection changed state */
  'relays.changed': { url: string; state: string }
  /** an outbox entry was queued, signed or delivered */
  'outbox.changed': { id: string; status: string }
  /** an unattributed payment was attributed or dismissed */
  'unattributed.changed': { payment_hash: string; status: string }
  /** a backup was made (in the data folder or to a file) */
  'backups.changed': { id: string | null }
  /** alerts were raised or came back to normal (the desktop shell shows the raised ones as notifications) */
  'alerts.changed': { raised: { id: string; title: string; detail: string; state: string }[]; cleared: number }
  /** another process (the CLI, the bridge, another window's core) wrote to the ledger: what is shown is read again */
  'ledger.changedElsewhere': Record<string, never>
  /** the ledger was replaced by a restored backup: everything shown must be read again */
  'ledger.replaced': { ledger_sha256: string }
  /** the desktop app's core stopped unasked and was started again (nothing was lost: the ledger commits every change) */
  'core.restarted': { reason: string }
}

export type EventName = keyof EventPayloads

export type PushEvent = { [K in EventName]: { name: K; payload: EventPayloads[K] } }[EventName]

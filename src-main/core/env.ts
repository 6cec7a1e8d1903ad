import type { Kysely } from 'kysely'
import type { PushEvent } from '../../src-shared/contract/events'
import type { AuditEntry } from './audit/log'
import type { Database } from './ledger/schema'
import type { SecretBox } from './secrets/box'
import type { Payer } from './settlement/payer'
import type { Logger } from './log'
import type { LnbitsClient } from './lnbits/client'
import type { IngestOptions } from './ingestion/ingest'
import type { SignerHost } from './signer/signer-host'
import type { RelayHub } from './nostr/relay-hub'

/** Who is calling: recorded in the audit log ("ui", "cli:alice", "bridge"). */
export interface CallContext {
  actor: string
}

/** What a command implementation may use. Inside a mutating command `db` is the open write transaction. */
export interface HandlerEnv {
  db: Kysely<Database>
  actor: string
  now(): string
  newId(): string
  /** queued and delivered only after the transaction commits */
  emit(event: PushEvent): void
  audit(entry: Omit<AuditEntry, 'actor'>): Promise<void>
  secrets: SecretBox
  /** undefined until a payer (LNbits) is configured */
  payer: Payer | undefined
  /** the ledger itself, for commands that manage their own transactions (the processor) */
  ledger: Kysely<Database>
  logger: Logger
  /** an LNbits client for one instance */
  lnbits(url: string): LnbitsClient
  ingestion: IngestOptions
  /** the operator's signer (one per core process) */
  signer: SignerHost
  /** the relay connections (one per core process) */
  relays: RelayHub
}

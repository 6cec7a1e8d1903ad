import type { Kysely } from 'kysely'
import type { CommandName, ParsedArgsOf, ResultOf, TransactionMode, commandSpecs } from '../../src-shared/contract/commands'
import type { PushEvent } from '../../src-shared/contract/events'
import type { AuditEntry } from './audit/log'
import type { Database } from './ledger/schema'
import type { DataKey } from './secrets/data-key'
import type { Payer } from './settlement/payer'
import type { Logger } from './log'
import type { LnbitsClient } from './lnbits/client'
import type { IngestOptions } from './ingestion/ingest'
import type { SignerHost } from './signer/signer-host'
import type { RelayHub } from './nostr/relay-hub'
import type { BackupStore } from './backup/store'
import type { LedgerHost } from './backup/ledger-host'

/** Who is calling: recorded in the audit log ("ui", "cli:alice", "bridge"). */
export interface CallContext {
  actor: string
}

/**
 * What one audit row says; who and which command are filled in by the environment. `command`
 * names another command only where this one does that command's work (an attributed payment
 * records a settlement, as settlements.record would).
 */
export type AuditRecord = Omit<AuditEntry, 'actor' | 'command'> & { command?: CommandName }

/** What every command implementation may use. */
export interface CommandEnv {
  /** the ledger; inside a transaction, the transaction */
  db: Kysely<Database>
  /** the command being run: every audit row names it */
  command: CommandName
  actor: string
  now(): string
  newId(): string
  /** delivered once the command's writes have committed; dropped with a rolled-back transaction */
  emit(event: PushEvent): void
  /** the data key: seals and opens the ledger's secrets, or refuses while locked */
  secrets: DataKey
  /** undefined until a payer (LNbits) is configured */
  payer: Payer | undefined
  logger: Logger
  /** an LNbits client for one instance */
  lnbits(url: string): LnbitsClient
  ingestion: IngestOptions
  /** the operator's signer (one per core process) */
  signer: SignerHost
  /** the relay connections (one per core process) */
  relays: RelayHub
  /** the ledger's backups: in the data folder, and sealed files */
  backups: BackupStore
  /** swaps the ledger for a restored one (only the core can: every command runs on the ledger) */
  ledgerHost: LedgerHost
}

/** Inside one write transaction: `db` is the transaction, and each audit row commits with it. */
export interface TxEnv extends CommandEnv {
  audit(entry: AuditRecord): Promise<void>
}

/** A command that commits step by step: each step is one `transaction`, with its audit rows. */
export interface OwnEnv extends CommandEnv {
  transaction<T>(fn: (tx: TxEnv) => Promise<T>): Promise<T>
}

/** The environment a command gets, by its transaction mode in the contract. */
export type EnvFor<M extends TransactionMode> = M extends 'write' ? TxEnv : M extends 'own' ? OwnEnv : CommandEnv

/** One command's implementation; its environment follows the command's transaction mode. */
export type Handler<N extends CommandName> = (args: ParsedArgsOf<N>, env: EnvFor<(typeof commandSpecs)[N]['tx']>) => Promise<ResultOf<N>>

/** The one implementation table: a missing command is a type error, not a runtime surprise. */
export type HandlerTable = { [N in CommandName]: Handler<N> }

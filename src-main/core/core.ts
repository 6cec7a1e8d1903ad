import { v7 as uuidv7 } from 'uuid'
import { commandSpecs, isCommandName, type CommandName } from '../../src-shared/contract/commands'
import { parseArgs } from '../../src-shared/contract/args'
import { CommandError, type ErrorBody } from '../../src-shared/contract/errors'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'
import { appendAudit } from './audit/log'
import { handlers } from './commands/table'
import type { CallContext, CommandEnv, OwnEnv, TxEnv } from './env'
import { openLedger, type Ledger } from './ledger/open'
import { inWriteTransaction } from './ledger/transaction'
import { stderrLogger, type Logger } from './log'
import { fileKeyBox, type SecretBox } from './secrets/box'
import type { Payer } from './settlement/payer'
import type { IngestOptions } from './ingestion/ingest'
import { SignerHost, type KeyProtector } from './signer/signer-host'
import { SignerError } from './nostr/signer'
import { RelayHub } from './nostr/relay-hub'
import { LnbitsClient } from './lnbits/client'
import { LnbitsPayer } from './lnbits/payer'
import { startProcessingLoop, type BackgroundService } from './processing/loop'

export interface CoreOptions {
  dataDir: string
  /** better_sqlite3.node built for the running runtime, when it is not the package's own (Electron in dev) */
  nativeBinding?: string
  clock?: () => Date
  logger?: Logger
  /** how settlement legs are paid; default: through the machine's bound LNbits wallet */
  payer?: Payer
  /** defaults to a data key file beside the ledger */
  secrets?: SecretBox
  /** per LNbits request; default 15 s */
  lnbitsTimeoutMs?: number
  /** how ingestion pages through LNbits (page size, look-back window) */
  ingestion?: IngestOptions
  /** the OS keychain for the operator's key (the desktop shell passes Electron's safeStorage) */
  keyProtector?: KeyProtector
  /** per NIP-46 request; default 30 s (a phone may need a moment to wake) */
  bunkerTimeoutMs?: number
  /** NIP-49's scrypt cost (log2 N); default 16. Tests lower it. */
  nip49LogN?: number
  /** connecting to and hearing back from a relay; default 5 s */
  relayTimeoutMs?: number
  /**
   * Background services the core runs while it is open (the app and the bridge ask for them; the
   * CLI, one command and gone, does not): a sync round (ingest, pay, relays) every `syncIntervalMs`.
   */
  background?: { syncIntervalMs: number }
}

/** The app's one core: the command table over the ledger. Every transport wraps this. */
export interface Core {
  readonly dataDir: string
  readonly ledgerPath: string
  /** never throws: the reply carries either the result or a typed error */
  call(name: string, args: unknown, ctx: CallContext): Promise<Reply>
  onEvent(listener: (event: PushEvent) => void): () => void
  close(): Promise<void>
}

export function openCore(opts: CoreOptions): Core {
  const clock = opts.clock ?? (() => new Date())
  const now = () => clock().toISOString()
  const logger = opts.logger ?? stderrLogger
  const ledger: Ledger = openLedger({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding, now })
  const secrets = opts.secrets ?? fileKeyBox(opts.dataDir)
  const lnbits = (url: string) => new LnbitsClient({ url, timeoutMs: opts.lnbitsTimeoutMs })
  const payer = opts.payer ?? new LnbitsPayer({ db: ledger.db, secrets, lnbits })
  const relays = new RelayHub({ emit: (e) => deliver([e]), connectTimeoutMs: opts.relayTimeoutMs ?? 5_000, publishTimeoutMs: opts.relayTimeoutMs ?? 5_000, clock: () => clock().getTime(), random: Math.random })
  const signer = new SignerHost({ db: ledger.db, secrets, keyProtector: opts.keyProtector, now, bunkerTimeoutMs: opts.bunkerTimeoutMs ?? 30_000, nip49LogN: opts.nip49LogN ?? 16, emit: (e) => deliver([e]), pairingWaitMs: 5 * 60_000 })
  const listeners = new Set<(event: PushEvent) => void>()
  let closed = false

  const deliver = (events: PushEvent[]) => {
    for (const event of events) {
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (e) {
          logger.error('event listener failed', { event: event.name, error: (e as Error).message })
        }
      }
    }
  }

  async function run(name: CommandName, rawArgs: unknown, ctx: CallContext): Promise<unknown> {
    const spec = commandSpecs[name]
    const args = parseArgs(spec.args, rawArgs)
    const handler = handlers[name] as (args: unknown, env: TxEnv & OwnEnv) => Promise<unknown>
    const committed: PushEvent[] = []
    const base: CommandEnv = { db: ledger.db, command: name, actor: ctx.actor, now, newId: uuidv7, emit: (e) => committed.push(e), secrets, payer, logger, lnbits, ingestion: opts.ingestion ?? {}, signer, relays }
    // One write transaction: its audit rows and events commit, or are dropped, with it.
    const transaction = <T>(fn: (tx: TxEnv) => Promise<T>): Promise<T> =>
      inWriteTransaction(ledger.db, async (trx) => {
        const pending: PushEvent[] = []
        const tx: TxEnv = { ...base, db: trx, emit: (e) => pending.push(e), audit: (entry) => appendAudit(trx, now(), { ...entry, command: name, actor: ctx.actor }) }
        const result = await fn(tx)
        committed.push(...pending)
        return result
      })
    const notInTransaction = () => Promise.reject(new Error(`${name} wrote an audit row outside a transaction`))
    try {
      if (spec.tx === 'write') return await transaction((tx) => handler(args, { ...tx, transaction: (fn) => fn(tx) }))
      return await handler(args, { ...base, audit: notInTransaction, transaction })
    } finally {
      // What committed is announced even when a later step of an `own` command failed.
      deliver(committed)
    }
  }

  const core: Core = {
    dataDir: opts.dataDir,
    ledgerPath: ledger.path,
    async call(name, rawArgs, ctx) {
      if (closed) return { ok: false, error: { code: 'unavailable', message: 'The core is shut down.' } }
      if (!isCommandName(name)) {
        return { ok: false, error: { code: 'unknown_command', message: `There is no command named "${String(name)}". Run \`satop commands\` for the list.` } }
      }
      try {
        return { ok: true, result: await run(name, rawArgs, ctx) }
      } catch (e) {
        const error = toErrorBody(e)
        if (error.code === 'internal') logger.error('command failed unexpectedly', { command: name, error: (e as Error)?.stack ?? String(e) })
        return { ok: false, error }
      }
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      if (closed) return
      // The services first: a round under way finishes before the ledger closes under it.
      await Promise.all(services.splice(0).map((s) => s.stop()))
      closed = true
      listeners.clear()
      await signer.close()
      relays.close()
      await ledger.close()
    },
  }
  const services: BackgroundService[] = []
  if (opts.background) services.push(startProcessingLoop(core, { intervalMs: opts.background.syncIntervalMs, logger }))
  return core
}

/** Maps anything thrown to the contract's error body; only the unanticipated become `internal`. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof CommandError) return e.toBody()
  // The signer away is worth retrying; a refusal (or an undecryptable message) is not.
  if (e instanceof SignerError) return { code: e.kind === 'transient' ? 'unavailable' : 'forbidden', message: e.message }
  const err = e as { code?: unknown; message?: unknown }
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
    // The schema caught what the core's own checks should have: still a clear refusal, nothing written.
    return { code: 'conflict', message: `The ledger refused the change: ${String(err.message)}` }
  }
  if (typeof err?.code === 'string' && err.code === 'SQLITE_BUSY') {
    return { code: 'unavailable', message: 'The ledger is busy (another SatMachine Operator process is writing). Try again in a moment.' }
  }
  return { code: 'internal', message: `Unexpected error: ${String(err?.message ?? e)}. Nothing was changed.` }
}

import { v7 as uuidv7 } from 'uuid'
import { commandSpecs, isCommandName } from '../../src-shared/contract/commands'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'
import { toErrorBody } from './commands/error-body'
import { commandRunner } from './commands/run'
import type { CallContext } from './env'
import { EventHub } from './events'
import { openLedger, type Ledger } from './ledger/open'
import { stderrLogger, type Logger } from './log'
import { fileKeyBox, type SecretBox } from './secrets/box'
import type { Payer } from './settlement/payer'
import type { IngestOptions } from './ingestion/ingest'
import { SignerHost, type KeyProtector } from './signer/signer-host'
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
  const hub = new EventHub(logger)
  const relays = new RelayHub({
    emit: (e) => hub.deliver([e]),
    connectTimeoutMs: opts.relayTimeoutMs ?? 5_000,
    publishTimeoutMs: opts.relayTimeoutMs ?? 5_000,
    clock: () => clock().getTime(),
    random: Math.random,
  })
  const signer = new SignerHost({
    db: ledger.db,
    secrets,
    keyProtector: opts.keyProtector,
    now,
    bunkerTimeoutMs: opts.bunkerTimeoutMs ?? 30_000,
    nip49LogN: opts.nip49LogN ?? 16,
    emit: (e) => hub.deliver([e]),
    pairingWaitMs: 5 * 60_000,
  })
  let closed = false
  let closing: Promise<void> | undefined

  const run = commandRunner(
    ledger.db,
    { now, newId: uuidv7, secrets, payer, logger, lnbits, ingestion: opts.ingestion ?? {}, signer, relays },
    (events) => hub.deliver(events),
  )

  const core: Core = {
    dataDir: opts.dataDir,
    ledgerPath: ledger.path,
    async call(name, rawArgs, ctx) {
      if (closed) return { ok: false, error: { code: 'unavailable', message: 'The core is shut down.' } }
      if (!isCommandName(name)) {
        return {
          ok: false,
          error: { code: 'unknown_command', message: `There is no command named "${String(name)}". Run \`satop commands\` for the list.` },
        }
      }
      try {
        return { ok: true, result: await run(name, rawArgs, ctx) }
      } catch (e) {
        const error = toErrorBody(e, commandSpecs[name].tx)
        if (error.code === 'internal')
          logger.error('command failed unexpectedly', { command: name, error: (e as Error)?.stack ?? String(e) })
        return { ok: false, error }
      }
    },
    onEvent: (listener) => hub.listen(listener),
    close() {
      closing ??= (async () => {
        // No new command from now on; a round already under way finishes before the ledger closes.
        closed = true
        await Promise.all(services.splice(0).map((s) => s.stop()))
        hub.clear()
        await signer.close()
        relays.close()
        await ledger.close()
      })()
      return closing
    },
  }
  const services: BackgroundService[] = []
  if (opts.background) services.push(startProcessingLoop(core, { intervalMs: opts.background.syncIntervalMs, logger }))
  return core
}

import { newId } from './new-id'
import { commandSpecs, isCommandName } from '../../src-shared/contract/commands'
import type { PushEvent } from '../../src-shared/contract/events'
import type { Reply } from '../../src-shared/contract/reply'
import { toErrorBody } from './commands/error-body'
import { commandRunner } from './commands/run'
import type { CallContext } from './env'
import { EventHub } from './events'
import { openLedger, type Ledger } from './ledger/open'
import { stderrLogger, type Logger } from './log'
import { DataKey } from './secrets/data-key'
import { hasSealedSecrets } from './secrets/sealed-rows'
import type { Payer } from './settlement/payer'
import type { IngestOptions } from './ingestion/ingest'
import { SignerHost, type KeyProtector } from './signer/signer-host'
import { RelayHub } from './nostr/relay-hub'
import { LnbitsClient } from './lnbits/client'
import { LnbitsPayer } from './lnbits/payer'
import { startProcessingLoop, type BackgroundService } from './processing/loop'
import { BackupStore } from './backup/store'
import { registerOpen } from './backup/open-registry'
import { startBackupSchedule } from './backup/schedule'
import { watchExternalWrites } from './ledger/external-writes'
import type { LedgerHost } from './backup/ledger-host'
import { appendAudit, type AuditEntry } from './audit/log'
import { inWriteTransaction } from './ledger/transaction'
import { CommandError } from '../../src-shared/contract/errors'
import { DEFAULT_LOG_N } from './backup/sealed-file'

export interface CoreOptions {
  dataDir: string
  /** better_sqlite3.node built for the running runtime, when it is not the package's own (Electron in dev) */
  nativeBinding?: string
  clock?: () => Date
  logger?: Logger
  /** how settlement legs are paid; default: through the machine's bound LNbits wallet */
  payer?: Payer
  /** per LNbits request; default 15 s */
  lnbitsTimeoutMs?: number
  /** how ingestion pages through LNbits (page size, look-back window) */
  ingestion?: IngestOptions
  /** the OS keychain for the operator's key and the data key (the desktop shell passes Electron's safeStorage) */
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
  background?: { syncIntervalMs: number; /** how often writes by another process are looked for; default 1 s */ externalWritesMs?: number }
  /** scrypt cost of what a passphrase seals: backup files, the data key (log2 N); default 17. Tests lower it. */
  kdfLogN?: number
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

/** One ledger and everything bound to it; a restore closes it and opens another on the same folder. */
interface Instance {
  ledger: Ledger
  /** the data key is as open as it gets without the operator */
  ready: Promise<void>
  run: ReturnType<typeof commandRunner>
  close(): Promise<void>
}

export function openCore(opts: CoreOptions): Core {
  const clock = opts.clock ?? (() => new Date())
  const now = () => clock().toISOString()
  const logger = opts.logger ?? stderrLogger
  const hub = new EventHub(logger)
  let closed = false
  let closing: Promise<void> | undefined
  // Commands under way, and the gate a restore closes while it swaps the ledger.
  let inFlight = 0
  let swapping: Promise<void> | undefined
  let drained: (() => void) | undefined

  const host: LedgerHost = {
    async replace(put, audit) {
      if (swapping) throw new CommandError('conflict', 'A restore is already under way.')
      let open!: () => void
      swapping = new Promise((r) => (open = r))
      try {
        // Everything else under way finishes first (the restore itself is one of those counted).
        if (inFlight > 1) await new Promise<void>((r) => (drained = r))
        await instance.close()
        let kept: string | undefined
        try {
          kept = await put()
        } finally {
          // Whatever happened, the app carries on with a ledger: the restored one, or the one it had.
          instance = openInstance()
        }
        await instance.audit(audit)
        return kept
      } finally {
        swapping = undefined
        open()
      }
    },
  }

  const openInstance = (): Instance & { audit(entry: AuditEntry): Promise<void>; sweep(): void } => {
    const ledger: Ledger = openLedger({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding, now })
    const secrets = new DataKey({
      dataDir: opts.dataDir,
      keychain: opts.keyProtector,
      logN: opts.kdfLogN ?? DEFAULT_LOG_N,
      logger,
      hasSealedSecrets: () => hasSealedSecrets(ledger.raw),
    })
    const lnbits = (url: string) => new LnbitsClient({ url, timeoutMs: opts.lnbitsTimeoutMs })
    const payer = opts.payer ?? new LnbitsPayer({ db: ledger.db, secrets, lnbits })
    const relays = new RelayHub({
      emit: (e) => hub.deliver([e]),
      connectTimeoutMs: opts.relayTimeoutMs ?? 5_000,
      publishTimeoutMs: opts.relayTimeoutMs ?? 5_000,
      clock: () => clock().getTime(),
      random: Math.random,
    })
    const nip49LogN = opts.nip49LogN ?? 16
    const signer = new SignerHost({
      db: ledger.db,
      secrets,
      keyProtector: opts.keyProtector,
      now,
      bunkerTimeoutMs: opts.bunkerTimeoutMs ?? 30_000,
      nip49LogN,
      emit: (e) => hub.deliver([e]),
      pairingWaitMs: 5 * 60_000,
    })
    const backups = new BackupStore({
      dataDir: opts.dataDir,
      raw: () => ledger.raw,
      db: () => ledger.db,
      nativeBinding: opts.nativeBinding,
      keychain: opts.keyProtector,
      now,
      dataKey: secrets,
      kdfLogN: opts.kdfLogN,
      nip49LogN,
      logger,
    })
    const run = commandRunner(
      ledger.db,
      { now, newId, secrets, payer, logger, lnbits, ingestion: opts.ingestion ?? {}, signer, relays, backups, ledgerHost: host },
      (events) => hub.deliver(events),
    )
    return {
      ledger,
      run,
      ready: secrets.ready,
      sweep: () => backups.sweep(),
      audit: (entry) => inWriteTransaction(ledger.db, (trx) => appendAudit(trx, now(), entry)),
      async close() {
        await signer.close()
        relays.close()
        await ledger.close()
      },
    }
  }
  let instance = openInstance()
  instance.sweep()
  const unregister = registerOpen(opts.dataDir)

  const core: Core = {
    dataDir: opts.dataDir,
    ledgerPath: instance.ledger.path,
    async call(name, rawArgs, ctx) {
      if (closed) return { ok: false, error: { code: 'unavailable', message: 'The core is shut down.' } }
      if (!isCommandName(name)) {
        return {
          ok: false,
          error: { code: 'unknown_command', message: `There is no command named "${String(name)}". Run \`satop commands\` for the list.` },
        }
      }
      // The data key settles first; a restore that began meanwhile is waited out again.
      do {
        while (swapping) await swapping
        await instance.ready
      } while (swapping)
      if (closed) return { ok: false, error: { code: 'unavailable', message: 'The core is shut down.' } }
      inFlight++
      try {
        return { ok: true, result: await instance.run(name, rawArgs, ctx) }
      } catch (e) {
        const error = toErrorBody(e, commandSpecs[name].tx)
        if (error.code === 'internal')
          logger.error('command failed unexpectedly', { command: name, error: (e as Error)?.stack ?? String(e) })
        return { ok: false, error }
      } finally {
        inFlight--
        if (inFlight <= 1 && drained) {
          drained()
          drained = undefined
        }
      }
    },
    onEvent: (listener) => hub.listen(listener),
    close() {
      closing ??= (async () => {
        // A round already under way finishes before the ledger closes; the last backup is taken on the way out.
        await Promise.all(services.splice(0).map((s) => s.stop()))
        closed = true
        while (swapping) await swapping
        hub.clear()
        await instance.close()
        unregister()
      })()
      return closing
    },
  }
  const services: BackgroundService[] = []
  if (opts.background) {
    services.push(startProcessingLoop(core, { intervalMs: opts.background.syncIntervalMs, logger }))
    services.push(startBackupSchedule(core, { logger }))
    services.push(
      watchExternalWrites(
        () => instance.ledger.raw,
        (e) => hub.deliver([e]),
        opts.background.externalWritesMs ?? 1000,
      ),
    )
  }
  return core
}

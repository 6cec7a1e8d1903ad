import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { SyncResult, WalletIngestion } from '../../../src-shared/domain/ingestion'
import type { OwnEnv } from '../env'
import { ingestWallet } from '../ingestion/ingest'
import { machineWallets } from '../wallets/queries'
import { checkDestinationsInBackground } from '../destinations/background'
import { readSwitch } from '../processing/switch'
import { processPending, processorDeps } from '../processing/pay-pending'
import { flushOutbox } from '../relays/outbox'
import { pullInbox } from '../relays/inbox'
import { cassetteStateSubscription } from '../cassettes/state-sub'
import { superConfigSubscription } from '../fees/super-config-sub'
import { alertRound } from '../health/alerts'
import { auditHeadRound, isAuditHeadRow } from '../audit/relay-head'

/**
 * One round of sync.run: ingest every bound machine wallet (or one), pay what is
 * pending, and send what the outbox holds. A wallet whose LNbits fails does not stop the
 * others: its error is in the result and in sync.status, and its cursor stays where it was.
 * The processing switch stops ingestion and payouts; the outbox (no money moves) still goes out.
 * A locked data key stops what needs a secret (LNbits keys, LP destinations, the platform's fee
 * destination): those wait, untouched, until it is unlocked.
 */
export async function runSyncRound(env: OwnEnv, args: ParsedArgsOf<'sync.run'>): Promise<SyncResult> {
  const bindings = await machineWallets(env.db, args.wallet_id)
  if (args.wallet_id && bindings.length === 0)
    throw refusal('not_found', 'sync.wallet.not_found', { id: args.wallet_id }, [refusalIssue('wallet_id', 'sync.wallet.not_found.issue')])
  const wallets: WalletIngestion[] = []
  const running = !(await readSwitch(env.db)).paused
  const locked = env.secrets.status().locked
  if (running && !locked) for (const binding of bindings) wallets.push(await ingestWallet(ingestDeps(env), binding, env.ingestion))
  // Paused while ingesting (the switch stops everything at once): nothing is paid this round.
  const processed =
    running && !locked && args.process && !(await readSwitch(env.db)).paused
      ? (await processPending(processorDeps(env), 100)).processed
      : null
  // What the ATMs and the platform sent first (a new super config queues new fee configs), then what goes out.
  const inbox = await pullInbox({ db: env.db, relays: env.relays, now: env.now, logger: env.logger }, [
    cassetteStateSubscription({ db: env.db, signer: env.signer, now: env.now }),
    // its fee destination is sealed as it is applied: while locked, the platform's config waits on the relays
    ...(locked ? [] : [superConfigSubscription({ db: env.db, secrets: env.secrets, now: env.now, newId: env.newId, emit: env.emit })]),
  ])
  if (inbox.applied > 0) env.emit({ name: 'cassettes.changed', payload: {} })
  // The audit chain's head as the relays hold it (for the health check), and whether a newer one may go out.
  const head = await auditHeadRound(env)
  const outbox = await flushOutbox(
    { db: env.db, signer: env.signer, relays: env.relays, now: env.now, emit: env.emit, logger: env.logger },
    (dTag) => head.hold && isAuditHeadRow(dTag),
  )
  // Destinations onboarded offline, or changed, are checked while the app is online.
  const destinations = running && !locked ? await checkDestinationsInBackground(env) : null
  // Last, on what this round left: the health checks, and the alerts they raise or clear.
  const alerts = await alertRound(env)
  return {
    paused: !running,
    secrets_locked: locked,
    wallets,
    processed,
    inbox,
    outbox,
    destinations,
    audit_head: { queued: head.queued, held: head.hold, seq: head.seq, errors: head.errors },
    alerts: { raised: alerts.raised.length, cleared: alerts.cleared.length },
  }
}

function ingestDeps(env: OwnEnv) {
  return {
    db: env.db,
    secrets: env.secrets,
    lnbits: env.lnbits,
    now: env.now,
    newId: env.newId,
    actor: env.actor,
    emit: env.emit,
    logger: env.logger,
  }
}

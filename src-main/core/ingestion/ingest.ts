import type { Kysely } from 'kysely'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { WalletIngestion } from '../../../src-shared/domain/ingestion'
import type { Database, WalletBindingsTable } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { LnbitsClient } from '../lnbits/client'
import { LnbitsError } from '../lnbits/errors'
import type { Logger } from '../log'
import { readSwitch } from '../processing/switch'
import type { SecretBox } from '../secrets/box'
import { readSetting, SETTING } from '../settings/store'
import { loadMachine } from '../machines/queries'
import { checkPaymentAttestation, type MachineFacts } from './attestation'
import { writePage, type Checked } from './write-page'

export interface IngestDeps {
  db: Kysely<Database>
  secrets: SecretBox
  lnbits(url: string): LnbitsClient
  now(): string
  newId(): string
  actor: string
  emit(event: PushEvent): void
  logger: Logger
}

export interface IngestOptions {
  /** payments per LNbits list request */
  pageSize?: number
  /**
   * How far back each round looks again, in seconds. LNbits lists payments by the time the
   * invoice was made; one made earlier can be paid (and attested) later, up to its expiry.
   * Re-reading this window is safe: everything is keyed on the payment hash.
   */
  lookbackSeconds?: number
}

export const DEFAULT_PAGE_SIZE = 100
export const DEFAULT_LOOKBACK_SECONDS = 2 * 60 * 60

/** Tuning from the environment (SATOP_INGEST_PAGE_SIZE 1-1000, SATOP_INGEST_LOOKBACK_SECONDS 60-604800); anything else is ignored. */
export function ingestOptionsFromEnv(env: Record<string, string | undefined>): IngestOptions {
  const int = (name: string, min: number, max: number) => {
    const n = Number(env[name])
    return env[name] !== undefined && Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined
  }
  return { pageSize: int('SATOP_INGEST_PAGE_SIZE', 1, 1000), lookbackSeconds: int('SATOP_INGEST_LOOKBACK_SECONDS', 60, 604_800) }
}

/**
 * One round of ingestion for one machine wallet (docs/lnbits.md#what-the-app-uses-lnbits-for): list its successful incoming
 * payments from the persisted cursor, a page at a time, and turn each into a settlement (a
 * valid attestation), a rejected settlement (a bad one) or an unattributed payment (none).
 * Each page is written in one transaction with the cursor, so a crash or an LNbits failure
 * repeats reads, never skips them, and a repeat writes nothing (all keyed on the hash).
 */
export async function ingestWallet(deps: IngestDeps, binding: WalletBindingsTable, opts: IngestOptions = {}): Promise<WalletIngestion> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE
  const lookback = opts.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS
  const machineId = binding.machine_id!
  const result: WalletIngestion = {
    wallet_id: binding.id,
    machine_id: machineId,
    fetched: 0,
    settlements: 0,
    rejected: 0,
    unattributed: 0,
    duplicates: 0,
    error: null,
  }
  try {
    const after = await cursorStart(deps, binding, lookback)
    const machine = await loadMachine(deps.db, machineId)
    const facts: MachineFacts = {
      pubkey: machine.machine_pubkey,
      fiat_code: machine.fiat_code,
      operator_pubkey: (await readSetting<string>(deps.db, SETTING.operatorPubkey)) ?? null,
    }
    const client = deps.lnbits(binding.lnbits_url)
    const invoiceKey = deps.secrets.open(binding.invoice_key_enc!)
    // An invoice still open (made earlier, not paid yet, not expired) holds the cursor back: it
    // is listed by the time it was made, and may be paid after newer ones.
    const openSince = await oldestOpenInvoice(client, invoiceKey, Math.floor(Date.parse(deps.now()) / 1000))
    let latest = -1
    for (let offset = 0; ; offset += pageSize) {
      if ((await readSwitch(deps.db)).paused) throw new Paused()
      const page = await client.listPayments(invoiceKey, { incoming: true, status: 'success', since: after, limit: pageSize, offset })
      result.fetched += page.length
      // Signatures are checked before the write transaction, and only for payments the ledger
      // does not already hold (re-reading the look-back window must stay cheap).
      const incoming = page.filter((p) => p.amount_msat > 0)
      const known = await knownHashes(
        deps.db,
        incoming.map((p) => p.payment_hash),
      )
      const checked: Checked[] = incoming.map((payment) => ({
        payment,
        check: known.has(payment.payment_hash) ? null : checkPaymentAttestation(payment, facts),
      }))
      for (const p of page) latest = Math.max(latest, p.time)
      const last = page.length < pageSize
      // The page and the cursor move together: LNbits lists by time, so once a page is written,
      // every payment made a look-back before its latest, and before any invoice still open,
      // is in the ledger. A round cut short (rate limit, crash) keeps what it read.
      const next = Math.min(latest - lookback, openSince ?? Number.MAX_SAFE_INTEGER)
      const counts = await inWriteTransaction(deps.db, async (trx) => {
        const c = await writePage(trx, deps, binding, machine, facts, checked)
        await advanceCursor(trx, binding.id, next, c.settlements + c.rejected + c.unattributed, last, deps.now())
        return c
      })
      for (const k of ['settlements', 'rejected', 'unattributed', 'duplicates'] as const) result[k] += counts[k]
      if (last) break
    }
  } catch (e) {
    result.error = e instanceof Paused ? e.message : e instanceof LnbitsError ? e.message : `ingestion failed: ${(e as Error).message}`
    if (!(e instanceof LnbitsError) && !(e instanceof Paused))
      deps.logger.error('ingestion failed', { wallet: binding.id, error: (e as Error).stack ?? String(e) })
    await recordError(deps, binding.id, result.error)
  }
  if (result.settlements + result.rejected + result.unattributed > 0) {
    deps.emit({
      name: 'ingestion.changed',
      payload: { wallet_id: binding.id, settlements: result.settlements, rejected: result.rejected, unattributed: result.unattributed },
    })
  }
  return result
}

/** A check that cannot be made (an attestation shaped in a way nobody foresaw) rejects that payment only, never the page. */

/** The time the oldest incoming invoice still payable was made (LNbits' pending list, oldest first), or null. */
async function oldestOpenInvoice(client: LnbitsClient, invoiceKey: string, now: number): Promise<number | null> {
  for (let offset = 0; offset < 1000; offset += 100) {
    const page = await client.listPayments(invoiceKey, { incoming: true, status: 'pending', limit: 100, offset })
    const open = page.find((p) => p.expiry === null || p.expiry > now)
    if (open) return open.time
    if (page.length < 100) return null
  }
  return null
}

/** Hashes already settled or already resolved by the operator (an open unattributed payment may still get its attestation). */
async function knownHashes(db: Kysely<Database>, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set()
  const settled = await db.selectFrom('settlements').select('payment_hash').where('payment_hash', 'in', hashes).execute()
  const resolved = await db
    .selectFrom('unattributed_payments')
    .select('payment_hash')
    .where('payment_hash', 'in', hashes)
    .where('status', '<>', 'open')
    .execute()
  return new Set([...settled.map((r) => r.payment_hash!), ...resolved.map((r) => r.payment_hash)])
}

class Paused extends Error {
  constructor() {
    super('processing was paused; the rest is ingested after resume')
  }
}

/** The cursor's lower bound; a new cursor starts a lookback before the wallet was bound (older payments predate the app). */
async function cursorStart(deps: IngestDeps, binding: WalletBindingsTable, lookback: number): Promise<number> {
  const row = await deps.db
    .selectFrom('ingestion_cursors')
    .select('after_time')
    .where('wallet_binding_id', '=', binding.id)
    .executeTakeFirst()
  if (row) return row.after_time
  const start = Math.max(0, Math.floor(Date.parse(binding.created_at) / 1000) - lookback)
  await inWriteTransaction(deps.db, (trx) =>
    trx
      .insertInto('ingestion_cursors')
      .values({ wallet_binding_id: binding.id, after_time: start, updated_at: deps.now(), payments_seen: 0 })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )
  return start
}

/** The cursor moves with the page it follows (never back); the last page of a round marks it a success. */
async function advanceCursor(
  trx: Kysely<Database>,
  walletId: string,
  next: number,
  seen: number,
  last: boolean,
  now: string,
): Promise<void> {
  await trx
    .updateTable('ingestion_cursors')
    .set((eb) => ({
      after_time: eb.fn('max', ['after_time', eb.val(next)]),
      payments_seen: eb('payments_seen', '+', seen),
      updated_at: now,
      ...(last ? { last_success_at: now, last_error: null, last_error_at: null } : {}),
    }))
    .where('wallet_binding_id', '=', walletId)
    .execute()
}

async function recordError(deps: IngestDeps, walletId: string, error: string): Promise<void> {
  const now = deps.now()
  await inWriteTransaction(deps.db, (trx) =>
    trx
      .updateTable('ingestion_cursors')
      .set({ last_error: error, last_error_at: now, updated_at: now })
      .where('wallet_binding_id', '=', walletId)
      .execute(),
  )
}

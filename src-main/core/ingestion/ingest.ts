import type { Kysely } from 'kysely'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { WalletIngestion } from '../../../src-shared/domain/ingestion'
import type { Database, MachinesTable, WalletBindingsTable } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { LnbitsClient, LnbitsPayment } from '../lnbits/client'
import { LnbitsError } from '../lnbits/errors'
import type { Logger } from '../log'
import { readSwitch } from '../processing/switch'
import type { SecretBox } from '../secrets/box'
import { readSetting, SETTING } from '../settings/store'
import { loadMachine } from '../machines/queries'
import { carriesAttestation, checkPaymentAttestation, type MachineFacts } from './attestation'
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

/** A cash-out is an incoming payment of the machine wallet, a cash-in an outgoing one; each side has its cursor. */
type Side = 'incoming' | 'outgoing'
const SIDES: readonly Side[] = ['incoming', 'outgoing']
const CURSOR = { incoming: 'after_time', outgoing: 'out_after_time' } as const

/** What one side of a round reads with. */
interface SideRound {
  deps: IngestDeps
  binding: WalletBindingsTable
  machine: MachinesTable
  facts: MachineFacts
  client: LnbitsClient
  invoiceKey: string
  pageSize: number
  lookback: number
  result: WalletIngestion
}

/**
 * One round of ingestion for one machine wallet (docs/ingestion.md): list its successful
 * incoming payments (cash-outs), then its outgoing ones (cash-ins), each from its persisted
 * cursor, a page at a time, and turn each into a settlement (a valid attestation), a rejected
 * settlement (a bad one) or, for an incoming payment with none, an unattributed payment. An
 * outgoing payment with no attestation is not a sale (the app's own payouts are outgoing too).
 * Each page is written in one transaction with its cursor, so a crash or an LNbits failure
 * repeats reads, never skips them, and a repeat writes nothing (all keyed on the hash).
 */
export async function ingestWallet(deps: IngestDeps, binding: WalletBindingsTable, opts: IngestOptions = {}): Promise<WalletIngestion> {
  const machineId = binding.machine_id!
  const result: WalletIngestion = {
    wallet_id: binding.id,
    machine_id: machineId,
    fetched: 0,
    settlements: 0,
    rejected: 0,
    unattributed: 0,
    duplicates: 0,
    ignored: 0,
    error: null,
  }
  try {
    const lookback = opts.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS
    const starts = await cursorStart(deps, binding, lookback)
    const machine = await loadMachine(deps.db, machineId)
    const round: SideRound = {
      deps,
      binding,
      machine,
      facts: {
        pubkey: machine.machine_pubkey,
        fiat_code: machine.fiat_code,
        operator_pubkey: (await readSetting<string>(deps.db, SETTING.operatorPubkey)) ?? null,
      },
      client: deps.lnbits(binding.lnbits_url),
      invoiceKey: deps.secrets.open(binding.invoice_key_enc!),
      pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
      lookback,
      result,
    }
    for (const side of SIDES) await ingestSide(round, side, starts[side])
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

/** One side of the wallet, page by page from its cursor; the outgoing side, read last, marks the round a success. */
async function ingestSide(r: SideRound, side: Side, after: number): Promise<void> {
  const { deps, client, invoiceKey, pageSize, lookback, result } = r
  // A payment still open (an invoice made earlier, not paid yet, not expired; a payment still in
  // flight) holds the cursor back: it is listed by the time it was made, and may succeed after newer ones.
  const openSince = await oldestOpen(client, invoiceKey, side, Math.floor(Date.parse(deps.now()) / 1000))
  let latest = -1
  const list = (offset: number): { get(): Promise<LnbitsPayment[]> } =>
    prefetched(client.listPayments(invoiceKey, { direction: side, status: 'success', since: after, limit: pageSize, offset }))
  let next: ReturnType<typeof list> | null = null
  for (let offset = 0; ; offset += pageSize) {
    if ((await readSwitch(deps.db)).paused) throw new Paused()
    const page: LnbitsPayment[] = await (next ?? list(offset)).get()
    // LNbits lists the next page while this one is checked and written: its time and ours overlap.
    next = page.length === pageSize ? list(offset + pageSize) : null
    // Checking and writing hold the event loop; the request must be on its way before they start.
    if (next) await new Promise((resolve) => setImmediate(resolve))
    result.fetched += page.length
    const sales = page.filter(side === 'incoming' ? (p) => p.amount_msat > 0 : (p) => p.amount_msat < 0 && carriesAttestation(p.extra))
    if (side === 'outgoing') result.ignored += page.length - sales.length
    // Signatures are checked before the write transaction, and only for payments the ledger
    // does not already hold (re-reading the look-back window must stay cheap).
    const known = await knownHashes(
      deps.db,
      sales.map((p) => p.payment_hash),
    )
    const checked: Checked[] = sales.map((payment) => ({
      payment,
      check: known.has(payment.payment_hash) ? null : checkPaymentAttestation(payment, r.facts),
    }))
    for (const p of page) latest = Math.max(latest, p.time)
    const last = page.length < pageSize
    // The page and the cursor move together: LNbits lists by time, so once a page is written,
    // every payment made a look-back before its latest, and before any payment still open,
    // is in the ledger. A round cut short (rate limit, crash) keeps what it read.
    const cursor = Math.min(latest - lookback, openSince ?? Number.MAX_SAFE_INTEGER)
    const counts = await inWriteTransaction(deps.db, async (trx) => {
      const c = await writePage(trx, deps, r.binding, r.machine, r.facts, checked)
      const seen = c.settlements + c.rejected + c.unattributed
      await advanceCursor(trx, r.binding.id, CURSOR[side], cursor, seen, last && side === 'outgoing', deps.now())
      return c
    })
    for (const k of ['settlements', 'rejected', 'unattributed', 'duplicates'] as const) result[k] += counts[k]
    if (last) break
  }
}

/**
 * A request started ahead of its use. Its failure is kept for whoever awaits it; a round that
 * stops first (paused, or the ledger refused a write) never awaits it, and that is not an error.
 */
function prefetched<T>(request: Promise<T>): { get(): Promise<T> } {
  const settled = request.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  return {
    async get() {
      const r = await settled
      if (!r.ok) throw r.error
      return r.value
    },
  }
}

/** The time the oldest payment of this side still open was made (LNbits' pending list, oldest first), or null. */
async function oldestOpen(client: LnbitsClient, invoiceKey: string, side: Side, now: number): Promise<number | null> {
  for (let offset = 0; offset < 1000; offset += 100) {
    const page = await client.listPayments(invoiceKey, { direction: side, status: 'pending', limit: 100, offset })
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

/** Each side's lower bound; a new cursor starts a lookback before the wallet was bound (older payments predate the app). */
async function cursorStart(deps: IngestDeps, binding: WalletBindingsTable, lookback: number): Promise<Record<Side, number>> {
  const row = await deps.db
    .selectFrom('ingestion_cursors')
    .select(['after_time', 'out_after_time'])
    .where('wallet_binding_id', '=', binding.id)
    .executeTakeFirst()
  if (row) return { incoming: row.after_time, outgoing: row.out_after_time }
  const start = Math.max(0, Math.floor(Date.parse(binding.created_at) / 1000) - lookback)
  await inWriteTransaction(deps.db, (trx) =>
    trx
      .insertInto('ingestion_cursors')
      .values({ wallet_binding_id: binding.id, after_time: start, out_after_time: start, updated_at: deps.now(), payments_seen: 0 })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )
  return { incoming: start, outgoing: start }
}

/** A side's cursor moves with the page it follows (never back); the last page of a round marks it a success. */
async function advanceCursor(
  trx: Kysely<Database>,
  walletId: string,
  column: (typeof CURSOR)[Side],
  next: number,
  seen: number,
  last: boolean,
  now: string,
): Promise<void> {
  await trx
    .updateTable('ingestion_cursors')
    .set((eb) => ({
      [column]: eb.fn('max', [column, eb.val(next)]),
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

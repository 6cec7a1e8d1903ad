import type { Kysely } from 'kysely'
import type { WalletIngestion } from '../../../src-shared/domain/ingestion'
import { appendAudit } from '../audit/log'
import { loadSuperConfig } from '../fees/queries'
import type { Database, MachinesTable, SettlementsTable, SuperConfigTable, WalletBindingsTable } from '../ledger/schema'
import type { LnbitsPayment } from '../lnbits/client'
import { activeSettlementForTxid, insertSettlement, settlementForPaymentHash } from '../settlement/queries'
import { newSettlementRow, type SaleFacts } from '../settlement/settlement-row'
import { toSettlement } from '../settlement/view'
import { checkPaymentAttestation, type AttestationCheck, type MachineFacts } from './attestation'
import { insertUnattributed, resolveUnattributed, unattributedStatus } from './queries'

/** check is null for a payment the ledger already held when the page was read */
export type Checked = { payment: LnbitsPayment; check: AttestationCheck | null }
export type PageCounts = Pick<WalletIngestion, 'settlements' | 'rejected' | 'unattributed' | 'duplicates'>

/** What writing a page needs of the round. */
export interface PageDeps {
  now(): string
  newId(): string
  actor: string
}

const NONE: AttestationCheck = { kind: 'none' }

/** One ingested payment in one place: as a settlement, a rejected one, an unattributed one, or already known. */
type Outcome = keyof PageCounts

interface PageWriter {
  trx: Kysely<Database>
  deps: PageDeps
  binding: WalletBindingsTable
  machine: MachinesTable
  sup: SuperConfigTable
  now: string
}

export async function writePage(
  trx: Kysely<Database>,
  deps: PageDeps,
  binding: WalletBindingsTable,
  machine: MachinesTable,
  facts: MachineFacts,
  page: Checked[],
): Promise<PageCounts> {
  const counts: PageCounts = { settlements: 0, rejected: 0, unattributed: 0, duplicates: 0 }
  if (page.length === 0) return counts
  const w: PageWriter = { trx, deps, binding, machine, sup: await loadSuperConfig(trx), now: deps.now() }
  for (const { payment, check } of page) counts[await writePayment(w, facts, payment, check)]++
  return counts
}

async function writePayment(
  w: PageWriter,
  facts: MachineFacts,
  payment: LnbitsPayment,
  checkedBefore: AttestationCheck | null,
): Promise<Outcome> {
  const hash = payment.payment_hash
  // Checked again inside the transaction: another process may have written it meanwhile.
  if (await settlementForPaymentHash(w.trx, hash)) return 'duplicates'
  const earlier = await unattributedStatus(w.trx, hash)
  // Not whole sats: no ATM cash-out looks like this, whatever its extra says. (An outgoing one
  // reaches here only with an attestation, whose amount check then fails: rejected, with why.)
  const check = payment.amount_sats === null && payment.amount_msat > 0 ? NONE : (checkedBefore ?? checkPaymentAttestation(payment, facts))
  // An unattributed payment waits for its attestation (the ATM attaches it after the payment
  // succeeds) until the operator attributes or dismisses it.
  if (earlier && (earlier !== 'open' || check.kind === 'none')) return 'duplicates'
  if (check.kind === 'none') {
    await recordUnattested(w, payment)
    return 'unattributed'
  }
  return (await recordAttested(w, payment, check, earlier !== undefined)) ? 'rejected' : 'settlements'
}

async function recordUnattested(w: PageWriter, payment: LnbitsPayment): Promise<void> {
  await insertUnattributed(w.trx, {
    payment_hash: payment.payment_hash,
    wallet_binding_id: w.binding.id,
    machine_id: w.machine.id,
    amount_msat: payment.amount_msat,
    memo: payment.memo.slice(0, 640),
    extra_json: JSON.stringify(payment.extra),
    paid_at: payment.time,
    status: 'open',
    settlement_id: null,
    resolved_by: null,
    reason: payment.amount_sats === null ? 'not a whole number of sats: no ATM sale looks like this' : null,
    created_at: w.now,
    updated_at: w.now,
  })
  await appendAudit(w.trx, w.now, {
    actor: w.deps.actor,
    command: 'sync.run',
    entity: 'unattributed_payment',
    entity_id: payment.payment_hash,
    before: null,
    after: { amount_msat: payment.amount_msat, machine_id: w.machine.id },
  })
}

/** The payment as the settlement its attestation claims, or a rejected one; returns the rejection, if any. */
async function recordAttested(
  w: PageWriter,
  payment: LnbitsPayment,
  check: Exclude<AttestationCheck, { kind: 'none' }>,
  waited: boolean,
): Promise<string | null> {
  const hash = payment.payment_hash
  const other = check.kind === 'valid' ? await activeSettlementForTxid(w.trx, w.machine.id, check.sale.txid) : undefined
  const rejection = check.kind === 'invalid' ? check.reason : other ? replayReason(check.sale.txid, other) : null
  const claimed = check.kind === 'valid' ? check.sale : check.claimed
  const sale: SaleFacts = {
    source: 'lnbits',
    // a rejected claim keeps the txid it claimed; one with none readable is named by its payment
    txid: claimed.txid ?? `payment:${hash}`,
    payment_hash: hash,
    // the payment's direction, whatever a rejected claim said
    direction: payment.amount_msat > 0 ? 'cash_out' : 'cash_in',
    // what moved, in sats (exact when valid; a rejected payment of odd msat shows them rounded up, its reason exact)
    crypto_atoms: Math.ceil(Math.abs(payment.amount_msat) / 1000),
    fiat_amount: claimed.fiat_amount ?? 0,
    discount_bps: claimed.discount_bps ?? 0,
    attestation_json: JSON.stringify(check.kind === 'valid' ? check.event : check.raw),
  }
  const row = newSettlementRow({ id: w.deps.newId(), now: w.now, machine: w.machine, sup: w.sup, sale, rejection: rejection ?? undefined })
  await insertSettlement(w.trx, row)
  await appendAudit(w.trx, w.now, {
    actor: w.deps.actor,
    command: 'sync.run',
    entity: 'settlement',
    entity_id: row.id,
    before: null,
    after: toSettlement(row),
  })
  if (waited) {
    const reason = rejection
      ? `the ATM attested it late, and the attestation was rejected: ${rejection}`
      : 'the ATM attested it after it arrived'
    await resolveUnattributed(w.trx, hash, {
      status: 'attributed',
      settlement_id: row.id,
      resolved_by: w.deps.actor,
      reason,
      updated_at: w.now,
    })
  }
  return rejection
}

/** Why a valid attestation for a txid already settled is refused: a replay, or the sale the operator recorded by hand. */
function replayReason(txid: string, other: Pick<SettlementsTable, 'id' | 'payment_hash' | 'source'>): string {
  return other.source === 'manual' && other.payment_hash === null
    ? `txid ${txid} was already recorded by hand (settlement ${other.id}): this payment is that sale, and is not settled twice`
    : `txid ${txid} is already settled (settlement ${other.id}): a replayed attestation`
}

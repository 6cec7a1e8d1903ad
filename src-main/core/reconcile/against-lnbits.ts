import type { Kysely } from 'kysely'
import type { ReconcileFinding, WalletBalanceExplained, WalletReconciliation } from '../../../src-shared/domain/reconcile'
import type { Database, LegsTable, WalletBindingsTable } from '../ledger/schema'
import type { LnbitsClient, LnbitsPayment } from '../lnbits/client'
import { LnbitsError } from '../lnbits/errors'
import type { SecretBox } from '../secrets/box'

const PAGE = 500
/** legs whose money stays in the machine wallet: nothing for LNbits to show */
const NO_MONEY_MOVES = ['operator_principal', 'retained'] as const

export interface ReconcileDeps {
  db: Kysely<Database>
  secrets: SecretBox
  lnbits(url: string): LnbitsClient
}

type LegRow = Pick<LegsTable, 'id' | 'settlement_id' | 'leg_type' | 'status' | 'amount_sats' | 'payment_hash' | 'target_label'>

/**
 * One wallet's reconciliation (docs/reconciliation.md): its whole payment history as LNbits
 * lists it, against the ledger. Every completed leg must be exactly one successful payment of
 * its hash and amount; every payment the app made (tagged with its leg) must be a completed leg;
 * money that left the wallet unseen, sales that LNbits does not have, and payments not yet
 * ingested are flagged; legs in flight are given LNbits' answer; and the balance is explained.
 */
export async function reconcileWallet(deps: ReconcileDeps, wallet: WalletBindingsTable): Promise<WalletReconciliation> {
  const out: WalletReconciliation = {
    wallet_id: wallet.id,
    machine_id: wallet.machine_id,
    label: wallet.label,
    error: null,
    payments_read: 0,
    legs_checked: 0,
    balance: null,
    findings: [],
  }
  const client = deps.lnbits(wallet.lnbits_url)
  const key = deps.secrets.open(wallet.invoice_key_enc!)
  let payments: LnbitsPayment[]
  let balance: number
  try {
    payments = await allPayments(client, key)
    balance = (await client.wallet(key)).balance_msat
  } catch (e) {
    if (!(e instanceof LnbitsError)) throw e
    out.error = `${e.message} Nothing was judged for this wallet; run the reconciliation again once LNbits answers.`
    return out
  }
  out.payments_read = payments.length
  const legs = await legsPaidFrom(deps.db, wallet)
  out.legs_checked = legs.length
  const sales = await salesOf(deps.db, wallet)
  const waiting = new Set(
    (await deps.db.selectFrom('unattributed_payments').select('payment_hash').where('wallet_binding_id', '=', wallet.id).execute()).map(
      (r) => r.payment_hash,
    ),
  )
  const find = (f: Omit<ReconcileFinding, 'leg_id' | 'settlement_id' | 'payment_hash' | 'amount_msat'> & Partial<ReconcileFinding>) =>
    out.findings.push({ leg_id: null, settlement_id: null, payment_hash: null, amount_msat: null, ...f })

  const success = payments.filter((p) => p.status === 'success')
  const outgoing = success.filter((p) => p.amount_msat < 0)
  const legById = new Map(legs.map((l) => [l.id, l]))
  const legByHash = firstBy(legs, (l) => l.payment_hash)
  const paymentByHash = firstBy(payments, (p) => p.payment_hash)
  // A leg's payments: those tagged with it (whatever their hash: a retry pays a new invoice), and untagged ones of its hash.
  const paidFor = new Map<string, LnbitsPayment[]>()
  for (const p of outgoing) {
    const leg = tagOf(p) ?? legByHash.get(p.payment_hash)?.id
    if (!leg) continue
    const list = paidFor.get(leg)
    if (list) list.push(p)
    else paidFor.set(leg, [p])
  }

  for (const leg of legs) {
    const ref = { leg_id: leg.id, settlement_id: leg.settlement_id, payment_hash: leg.payment_hash }
    const paid = paidFor.get(leg.id) ?? []
    if (leg.status === 'completed') {
      if (paid.length === 0)
        find({
          kind: 'leg_not_in_lnbits',
          severity: 'mismatch',
          ...ref,
          amount_msat: leg.amount_sats * 1000,
          message: `The ledger says ${leg.target_label || leg.leg_type} was paid ${leg.amount_sats} sats, but this wallet has no successful payment ${short(leg.payment_hash)}.`,
          action:
            "Look the hash up in LNbits' history. If it was never paid, the ledger is wrong: do not pay it again by hand; compare with your backups and the audit log.",
        })
      else if (paid.length > 1)
        find({
          kind: 'leg_paid_twice',
          severity: 'mismatch',
          ...ref,
          message: `${leg.target_label || leg.leg_type} was paid ${paid.length} times in LNbits (${short(leg.payment_hash)}).`,
          action: 'Ask the receiver to return what was paid twice; the ledger counts it once.',
        })
      else if (-paid[0]!.amount_msat !== leg.amount_sats * 1000)
        find({
          kind: 'leg_amount_differs',
          severity: 'mismatch',
          ...ref,
          amount_msat: -paid[0]!.amount_msat,
          message: `${leg.target_label || leg.leg_type} is ${leg.amount_sats} sats in the ledger, but LNbits paid ${-paid[0]!.amount_msat / 1000} sats.`,
          action:
            'The ledger row was changed, or LNbits paid another amount: run Verify commissions and the audit check, and compare with your backups.',
        })
    } else if (leg.status === 'in_flight') {
      const state =
        paid.length > 0 ? 'success' : ((leg.payment_hash ? paymentByHash.get(leg.payment_hash)?.status : undefined) ?? 'unknown')
      find({
        kind: 'in_flight',
        severity: 'info',
        ...ref,
        message: `${leg.target_label || leg.leg_type} (${leg.amount_sats} sats) is in flight; LNbits says ${state === 'unknown' ? 'it has no payment with this hash' : state}.`,
        action:
          state === 'success' || state === 'failed'
            ? 'The next sync settles it by its hash (Sync now).'
            : 'Wait: it is asked again by its hash on every sync. Nothing is paid twice.',
      })
    }
  }

  for (const p of outgoing) {
    const tag = tagOf(p)
    if (tag) {
      const leg = legById.get(tag)
      if (!leg)
        find({
          kind: 'payment_for_unknown_leg',
          severity: 'mismatch',
          payment_hash: p.payment_hash,
          amount_msat: -p.amount_msat,
          leg_id: tag,
          message: `LNbits paid ${-p.amount_msat / 1000} sats for leg ${tag}, which this ledger does not have.`,
          action: 'Another ledger (an old laptop, a restored backup) paid from this wallet: find it, and keep only one ledger per wallet.',
        })
      else if (leg.status !== 'completed' && leg.status !== 'in_flight')
        find({
          kind: 'leg_paid_but_not_completed',
          severity: 'mismatch',
          payment_hash: p.payment_hash,
          leg_id: leg.id,
          settlement_id: leg.settlement_id,
          amount_msat: -p.amount_msat,
          message: `LNbits paid ${leg.target_label || leg.leg_type} (${-p.amount_msat / 1000} sats), but the ledger has the leg ${leg.status}.`,
          action:
            'Do not retry this settlement: the leg would be paid again. Leave it as it is and note it on the settlement; if a newer backup knows the payment, restore that one.',
        })
    } else if (!sales.has(p.payment_hash)) {
      find({
        kind: 'money_left_unseen',
        severity: 'mismatch',
        payment_hash: p.payment_hash,
        amount_msat: -p.amount_msat,
        message: `${-p.amount_msat / 1000} sats left this wallet (${short(p.payment_hash)}, "${p.memo.slice(0, 80)}") and the app did not send them.`,
        action:
          'Find out who paid it (a withdrawal, an ATM cash-in without its attestation, a leaked admin key). If the key may have leaked, rotate it now.',
      })
    }
  }

  // A funding wallet's incoming payments are its top-ups, never sales.
  for (const p of wallet.role === 'machine' ? success.filter((x) => x.amount_msat > 0) : [])
    if (!sales.has(p.payment_hash) && !waiting.has(p.payment_hash))
      find({
        kind: 'payment_not_ingested',
        severity: 'info',
        payment_hash: p.payment_hash,
        amount_msat: p.amount_msat,
        message: `${p.amount_msat / 1000} sats came in (${short(p.payment_hash)}) and are not in the ledger yet.`,
        action: 'Run a sync: it becomes a settlement, or waits among the unattributed payments.',
      })

  const inLnbits = new Set(success.map((p) => p.payment_hash))
  for (const [hash, settlementId] of sales)
    if (!inLnbits.has(hash))
      find({
        kind: 'sale_not_in_lnbits',
        severity: 'mismatch',
        payment_hash: hash,
        settlement_id: settlementId,
        message: `Settlement ${settlementId} was ingested from payment ${short(hash)}, which this wallet does not have as a successful payment.`,
        action:
          'The settlement or the wallet binding is wrong: check the settlement, and that the machine is bound to the wallet its sales go to.',
      })

  out.balance = explain(payments, sales, legById, balance)
  if (out.balance.expected_msat !== out.balance.balance_msat)
    find({
      kind: 'balance_unexplained',
      severity: 'mismatch',
      amount_msat: out.balance.balance_msat - out.balance.expected_msat,
      message: `LNbits says the balance is ${out.balance.balance_msat / 1000} sats; its own payments add up to ${out.balance.expected_msat / 1000}.`,
      action: 'LNbits changed the balance without a payment (an admin top-up, a fee): check it with the LNbits admin.',
    })
  return out
}

/** LNbits' balance: successful payments in, successful and pending payments out (with their fees). */
function explain(
  payments: LnbitsPayment[],
  sales: Map<string, string>,
  legs: Map<string, LegRow>,
  balance: number,
): WalletBalanceExplained {
  const e: WalletBalanceExplained = {
    sales_in_msat: 0,
    other_in_msat: 0,
    legs_out_msat: 0,
    cash_ins_out_msat: 0,
    other_out_msat: 0,
    pending_out_msat: 0,
    fees_msat: 0,
    expected_msat: 0,
    balance_msat: balance,
  }
  for (const p of payments) {
    if (p.status === 'failed' || (p.status === 'pending' && p.amount_msat > 0)) continue
    if (p.status === 'pending') {
      e.pending_out_msat -= p.amount_msat
      e.fees_msat += p.fee_msat
    } else if (p.amount_msat > 0) e[sales.has(p.payment_hash) ? 'sales_in_msat' : 'other_in_msat'] += p.amount_msat
    else {
      const tag = tagOf(p)
      e[tag && legs.has(tag) ? 'legs_out_msat' : sales.has(p.payment_hash) ? 'cash_ins_out_msat' : 'other_out_msat'] -= p.amount_msat
      e.fees_msat += p.fee_msat
    }
  }
  e.expected_msat =
    e.sales_in_msat + e.other_in_msat - e.legs_out_msat - e.cash_ins_out_msat - e.other_out_msat - e.pending_out_msat - e.fees_msat
  return e
}

/** Each key's first item, in list order (what `find` would give), for lookups in one pass instead of one scan each. */
function firstBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) {
    const k = key(item)
    if (k !== null && !map.has(k)) map.set(k, item)
  }
  return map
}

const tagOf = (p: LnbitsPayment): string | null => {
  const tag = p.extra.satmachine_leg as { leg_id?: unknown } | undefined
  return typeof tag?.leg_id === 'string' ? tag.leg_id : null
}
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '(no hash)')

/** The wallet's whole history, every status, oldest first. */
async function allPayments(client: LnbitsClient, key: string): Promise<LnbitsPayment[]> {
  const all: LnbitsPayment[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.listPayments(key, { limit: PAGE, offset })
    all.push(...page)
    if (page.length < PAGE) return all
  }
}

/** The legs paid (or being paid) from this wallet: a machine wallet pays its machine's legs, a funding wallet the balance settlements that name it. */
async function legsPaidFrom(db: Kysely<Database>, wallet: WalletBindingsTable): Promise<LegRow[]> {
  let q = db
    .selectFrom('legs as l')
    .leftJoin('settlements as s', 's.id', 'l.settlement_id')
    .leftJoin('clients as c', 'c.id', 'l.client_id')
    .select(['l.id', 'l.settlement_id', 'l.leg_type', 'l.status', 'l.amount_sats', 'l.payment_hash', 'l.target_label'])
    .where('l.leg_type', 'not in', NO_MONEY_MOVES)
    .where('l.status', 'in', ['completed', 'in_flight', 'failed', 'planned'])
  q =
    wallet.role === 'funding'
      ? q.where('l.funding_wallet_id', '=', wallet.id)
      : q
          .where('l.funding_wallet_id', 'is', null)
          .where((eb) =>
            eb.or([
              eb('s.machine_id', '=', wallet.machine_id),
              eb.and([eb('l.settlement_id', 'is', null), eb('c.machine_id', '=', wallet.machine_id)]),
            ]),
          )
  return (await q.execute()).filter((l) => l.status === 'completed' || l.status === 'in_flight' || l.payment_hash !== null)
}

/** payment hash -> settlement, for the payments of this wallet the ledger holds as sales (cash-outs in, cash-ins out; rejected ones too). */
async function salesOf(db: Kysely<Database>, wallet: WalletBindingsTable): Promise<Map<string, string>> {
  if (wallet.role !== 'machine') return new Map()
  const rows = await db
    .selectFrom('settlements')
    .select(['id', 'payment_hash'])
    .where('machine_id', '=', wallet.machine_id)
    .where('payment_hash', 'is not', null)
    .execute()
  return new Map(rows.map((r) => [r.payment_hash!, r.id]))
}

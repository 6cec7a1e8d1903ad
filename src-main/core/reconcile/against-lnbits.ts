import type { Kysely } from 'kysely'
import type { ReconcileFinding, WalletBalanceExplained, WalletReconciliation } from '../../../src-shared/domain/reconcile'
import type { Database, WalletBindingsTable } from '../ledger/schema'
import type { LnbitsClient, LnbitsPayment } from '../lnbits/client'
import { LnbitsError } from '../lnbits/errors'
import type { SecretBox } from '../secrets/box'
import { Tally } from './tally'
import { walletLedger, type LegHit, type WalletLeg } from './wallet-ledger'
import { WalletLegs } from './wallet-legs'

/** payments per LNbits page, and ledger rows per batch of the passes after it */
const PAGE = 500
const BATCH = 5_000

export interface ReconcileDeps {
  db: Kysely<Database>
  secrets: SecretBox
  lnbits(url: string): LnbitsClient
  /** payments asked of LNbits at a time (default 500) */
  pageSize?: number
}

type FindingOf = Omit<ReconcileFinding, 'leg_id' | 'settlement_id' | 'payment_hash' | 'amount_msat'> & Partial<ReconcileFinding>
const finding = (f: FindingOf): ReconcileFinding => ({ leg_id: null, settlement_id: null, payment_hash: null, amount_msat: null, ...f })
type Find = (f: FindingOf) => void
const finder =
  (into: ReconcileFinding[]): Find =>
  (f) =>
    into.push(finding(f))

/** What the pass over LNbits' pages keeps: tallies by rowid, sums, and what is to be said; never the payments. */
interface Pass {
  ledger: ReturnType<typeof walletLedger>
  /** the wallet's legs as read before its history, and those found in it since */
  known: WalletLegs
  /** payments each leg got (tagged with it, or untagged with its hash: a retry pays a new invoice) */
  paid: Tally
  /** completed legs paid at least once, and those paid more than once */
  completedPaid: number
  twice: Set<number>
  /** a completed leg's first payment when its amount is not the leg's: leg rowid -> msat paid */
  differs: Map<number, number>
  /** sales seen as successful payments, and how many */
  sold: Tally
  soldCount: number
  /** legs in flight by hash, and the status of the first payment LNbits lists with that hash */
  inFlight: Map<string, WalletLeg>
  firstStatus: Map<string, LnbitsPayment['status']>
  waiting: Set<string>
  balance: WalletBalanceExplained
  /** findings about payments out, in LNbits' order; those naming a leg are written once its row is read */
  payments: ((legs: Map<number, WalletLeg>) => ReconcileFinding)[]
  /** legs whose rows those findings need */
  named: Set<number>
  ingest: ReconcileFinding[]
}

/**
 * One wallet's reconciliation (docs/reconciliation.md): its whole payment history as LNbits
 * lists it, against the ledger. Every completed leg must be exactly one successful payment of
 * its hash and amount; every payment the app made (tagged with its leg) must be a completed leg;
 * money that left the wallet unseen, sales that LNbits does not have, and payments not yet
 * ingested are flagged; legs in flight are given LNbits' answer; and the balance is explained.
 * The history is matched a page at a time against the ledger, so memory does not grow with it:
 * what is kept is a byte per leg and per sale, and what was found.
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
  const ledger = walletLedger(deps.db, wallet)
  const known = new WalletLegs()
  await ledger.eachLeg((rowid, status, sats) => known.add(rowid, status, sats))
  const pass: Pass = {
    ledger,
    known,
    paid: new Tally(),
    completedPaid: 0,
    twice: new Set(),
    differs: new Map(),
    sold: new Tally(),
    soldCount: 0,
    inFlight: new Map((await ledger.legsInFlight()).map((l) => [l.payment_hash!, l])),
    firstStatus: new Map(),
    waiting: await ledger.waiting(),
    balance: emptyBalance(),
    payments: [],
    named: new Set(),
    ingest: [],
  }
  const size = Math.max(1, deps.pageSize ?? PAGE)
  let balance: number
  let read = 0
  try {
    for (let offset = 0; ; offset += size) {
      const page = await client.listPayments(key, { limit: size, offset })
      read += page.length
      await matchPage(pass, wallet, page)
      if (page.length < size) break
    }
    balance = (await client.wallet(key)).balance_msat
  } catch (e) {
    if (!(e instanceof LnbitsError)) throw e
    out.error = `${e.message} Nothing was judged for this wallet; run the reconciliation again once LNbits answers.`
    return out
  }
  out.payments_read = read
  out.legs_checked = known.legs
  const legs = await legFindings(pass, known.completed > pass.completedPaid)
  out.findings.push(...legs.findings, ...pass.payments.map((f) => f(legs.rows)), ...pass.ingest, ...(await saleFindings(pass)))

  out.balance = { ...pass.balance, balance_msat: balance }
  const b = out.balance
  b.expected_msat =
    b.sales_in_msat + b.other_in_msat - b.legs_out_msat - b.cash_ins_out_msat - b.other_out_msat - b.pending_out_msat - b.fees_msat
  if (b.expected_msat !== b.balance_msat)
    finder(out.findings)({
      kind: 'balance_unexplained',
      severity: 'mismatch',
      amount_msat: b.balance_msat - b.expected_msat,
      message: `LNbits says the balance is ${b.balance_msat / 1000} sats; its own payments add up to ${b.expected_msat / 1000}.`,
      action: 'LNbits changed the balance without a payment (an admin top-up, a fee): check it with the LNbits admin.',
    })
  return out
}

/**
 * Looks up the keys of some of a page's payments, each key once (a hash paid twice is asked
 * once), and puts what is found at each of those payments' places. A key finds one row at most:
 * leg ids and hashes, and sales' hashes, are unique in the ledger.
 */
async function fill<H extends { i: number }>(
  into: (H | undefined)[],
  at: number[],
  key: (k: number) => string,
  find: (keys: string[]) => Promise<H[]>,
): Promise<void> {
  if (at.length === 0) return
  const index = new Map<string, number>()
  const keys: string[] = []
  const keyOf = new Array<number>(at.length)
  for (let n = 0; n < at.length; n++) {
    const k = key(at[n]!)
    let i = index.get(k)
    if (i === undefined) index.set(k, (i = keys.push(k) - 1))
    keyOf[n] = i
  }
  const hits = new Array<H | undefined>(keys.length)
  for (const hit of await find(keys)) hits[hit.i] = hit
  for (let n = 0; n < at.length; n++) into[at[n]!] = hits[keyOf[n]!]
}

/**
 * The wallet's legs of these ids (or hashes): found by the index, known from the wallet's legs
 * read before. A leg the index has that was not among them (made, or given an invoice, since)
 * is asked of the ledger whole, and is the wallet's from then on.
 */
async function legsOf(
  pass: Pass,
  keys: string[],
  rowids: (keys: string[]) => Promise<[number, number][]>,
  scoped: (keys: string[]) => Promise<LegHit[]>,
): Promise<LegHit[]> {
  const hits: LegHit[] = []
  const late: number[] = []
  for (const [i, rowid] of await rowids(keys)) {
    const hit = pass.known.hit(i, rowid)
    if (hit) hits.push(hit)
    else late.push(i)
  }
  if (late.length > 0)
    for (const hit of await scoped(late.map((i) => keys[i]!))) {
      pass.known.add(hit.rowid, hit.status, hit.amount_sats)
      hits.push({ ...hit, i: late[hit.i]! })
    }
  return hits
}

/** One page of LNbits' history: its legs and sales looked up by the ids and hashes it names, then tallied. */
async function matchPage(pass: Pass, wallet: WalletBindingsTable, page: LnbitsPayment[]): Promise<void> {
  const tags = page.map(tagOf)
  const tagged: number[] = []
  const untagged: number[] = []
  for (let k = 0; k < page.length; k++) {
    const p = page[k]!
    if (pass.inFlight.has(p.payment_hash) && !pass.firstStatus.has(p.payment_hash)) pass.firstStatus.set(p.payment_hash, p.status)
    if (p.status === 'success' && p.amount_msat < 0) (tags[k] ? tagged : untagged).push(k)
  }
  // A payment out is for a leg when tagged with it, or (untagged) of its hash; any other may be a sale.
  const legs = new Array<LegHit | undefined>(page.length)
  await fill(
    legs,
    tagged,
    (k) => tags[k]!,
    (ids) => legsOf(pass, ids, pass.ledger.rowidsById, pass.ledger.legsById),
  )
  await fill(
    legs,
    untagged,
    (k) => page[k]!.payment_hash,
    (hashes) => legsOf(pass, hashes, pass.ledger.rowidsByHash, pass.ledger.legsByHash),
  )
  const maybeSales: number[] = []
  for (let k = 0; k < page.length; k++) if (page[k]!.status !== 'failed' && !(tags[k] && legs[k])) maybeSales.push(k)
  const sales = new Array<{ i: number; rowid: number } | undefined>(page.length)
  await fill(sales, maybeSales, (k) => page[k]!.payment_hash, pass.ledger.salesByHash)

  for (let k = 0; k < page.length; k++) {
    const p = page[k]!
    const leg = legs[k]
    const sale = sales[k]
    addToBalance(pass.balance, p, leg !== undefined, sale !== undefined)
    if (p.status !== 'success') continue
    if (sale && pass.sold.add(sale.rowid) === 1) pass.soldCount++
    if (p.amount_msat < 0) {
      if (leg) tallyPayment(pass, leg, p)
      checkOutgoing(pass, p, tags[k]!, leg, sale !== undefined)
    } else if (p.amount_msat > 0 && wallet.role === 'machine' && !sale && !pass.waiting.has(p.payment_hash))
      // A funding wallet's incoming payments are its top-ups, never sales.
      finder(pass.ingest)({
        kind: 'payment_not_ingested',
        severity: 'info',
        payment_hash: p.payment_hash,
        amount_msat: p.amount_msat,
        message: `${p.amount_msat / 1000} sats came in (${short(p.payment_hash)}) and are not in the ledger yet.`,
        action: 'Run a sync: it becomes a settlement, or waits among the unattributed payments.',
      })
  }
}

function tallyPayment(pass: Pass, leg: LegHit, p: LnbitsPayment): void {
  const n = pass.paid.add(leg.rowid)
  if (leg.status !== 'completed') return
  if (n === 1) {
    pass.completedPaid++
    if (-p.amount_msat !== leg.amount_sats * 1000) pass.differs.set(leg.rowid, -p.amount_msat)
  } else if (n === 2) pass.twice.add(leg.rowid)
}

/** A payment out: tagged with a leg the ledger must have as paid, or untagged and the app's all the same (a leg's hash, a cash-in). */
function checkOutgoing(pass: Pass, p: LnbitsPayment, tag: string | null, leg: LegHit | undefined, sale: boolean): void {
  const found = (f: FindingOf) => {
    const said = finding(f)
    pass.payments.push(() => said)
  }
  if (leg) {
    // The app's payment for this leg (tagged with it, or of its hash): the ledger must have it paid or being paid.
    if (leg.status === 'completed' || leg.status === 'in_flight') return
    const rowid = leg.rowid
    pass.named.add(rowid)
    pass.payments.push((legs) => {
      const l = legs.get(rowid)!
      return {
        kind: 'leg_paid_but_not_completed',
        severity: 'mismatch',
        payment_hash: p.payment_hash,
        leg_id: l.id,
        settlement_id: l.settlement_id,
        amount_msat: -p.amount_msat,
        message: `LNbits paid ${l.target_label || l.leg_type} (${-p.amount_msat / 1000} sats), but the ledger has the leg ${l.status}.`,
        action:
          'Do not retry this settlement: the leg would be paid again. Leave it as it is and note it on the settlement; if a newer backup knows the payment, restore that one.',
      }
    })
  } else if (tag)
    found({
      kind: 'payment_for_unknown_leg',
      severity: 'mismatch',
      payment_hash: p.payment_hash,
      amount_msat: -p.amount_msat,
      leg_id: tag,
      message: `LNbits paid ${-p.amount_msat / 1000} sats for leg ${tag}, which this ledger does not have.`,
      action: 'Another ledger (an old laptop, a restored backup) paid from this wallet: find it, and keep only one ledger per wallet.',
    })
  else if (!sale)
    found({
      kind: 'money_left_unseen',
      severity: 'mismatch',
      payment_hash: p.payment_hash,
      amount_msat: -p.amount_msat,
      message: `${-p.amount_msat / 1000} sats left this wallet (${short(p.payment_hash)}, "${p.memo.slice(0, 80)}") and the app did not send them.`,
      action:
        'Find out who paid it (a withdrawal, an ATM cash-in without its attestation, a leaked admin key). If the key may have leaked, rotate it now.',
    })
}

/**
 * What is to be said of the legs, in their order: a completed leg paid not once or for another
 * amount, and each leg in flight with LNbits' answer. The completed legs are looked through for
 * unpaid ones only when fewer were paid than the ledger has; the rows spoken of are read whole.
 */
async function legFindings(pass: Pass, someUnpaid: boolean): Promise<{ findings: ReconcileFinding[]; rows: Map<number, WalletLeg> }> {
  const speak = new Set([...pass.twice, ...pass.differs.keys(), ...pass.named])
  if (someUnpaid)
    for (let after = 0; ;) {
      const batch = await pass.ledger.completedLegsAfter(after, BATCH)
      for (const { rowid } of batch) if (pass.paid.get(rowid) === 0) speak.add(rowid)
      if (batch.length < BATCH) break
      after = batch.at(-1)!.rowid
    }
  const rows = new Map<number, WalletLeg>()
  const wanted = [...speak].sort((a, b) => a - b)
  for (let i = 0; i < wanted.length; i += BATCH)
    for (const l of await pass.ledger.legsByRowid(wanted.slice(i, i + BATCH))) rows.set(l.rowid, l)
  for (const l of pass.inFlight.values()) if (!rows.has(l.rowid)) rows.set(l.rowid, l)

  const findings: ReconcileFinding[] = []
  const find = finder(findings)
  for (const leg of [...rows.values()].sort((a, b) => a.rowid - b.rowid)) {
    const ref = { leg_id: leg.id, settlement_id: leg.settlement_id, payment_hash: leg.payment_hash }
    const paid = pass.paid.get(leg.rowid)
    if (leg.status === 'completed') {
      if (paid === 0)
        find({
          kind: 'leg_not_in_lnbits',
          severity: 'mismatch',
          ...ref,
          amount_msat: leg.amount_sats * 1000,
          message: `The ledger says ${leg.target_label || leg.leg_type} was paid ${leg.amount_sats} sats, but this wallet has no successful payment ${short(leg.payment_hash)}.`,
          action:
            "Look the hash up in LNbits' history. If it was never paid, the ledger is wrong: do not pay it again by hand; compare with your backups and the audit log.",
        })
      else if (paid > 1)
        find({
          kind: 'leg_paid_twice',
          severity: 'mismatch',
          ...ref,
          message: `${leg.target_label || leg.leg_type} was paid ${paid === Tally.MAX ? `${paid} or more` : paid} times in LNbits (${short(leg.payment_hash)}).`,
          action: 'Ask the receiver to return what was paid twice; the ledger counts it once.',
        })
      else if (pass.differs.has(leg.rowid))
        find({
          kind: 'leg_amount_differs',
          severity: 'mismatch',
          ...ref,
          amount_msat: pass.differs.get(leg.rowid)!,
          message: `${leg.target_label || leg.leg_type} is ${leg.amount_sats} sats in the ledger, but LNbits paid ${pass.differs.get(leg.rowid)! / 1000} sats.`,
          action:
            'The ledger row was changed, or LNbits paid another amount: run Verify commissions and the audit check, and compare with your backups.',
        })
    } else if (leg.status === 'in_flight') {
      const state = paid > 0 ? 'success' : ((leg.payment_hash ? pass.firstStatus.get(leg.payment_hash) : undefined) ?? 'unknown')
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
  return { findings, rows }
}

/** Every sale of the wallet's machine must be a successful payment in it: looked for only when fewer were seen than the ledger has. */
async function saleFindings(pass: Pass): Promise<ReconcileFinding[]> {
  const findings: ReconcileFinding[] = []
  if ((await pass.ledger.salesCount()) === pass.soldCount) return findings
  for (let after = 0; ;) {
    const batch = await pass.ledger.salesAfter(after, BATCH)
    for (const s of batch)
      if (pass.sold.get(s.rowid) === 0)
        finder(findings)({
          kind: 'sale_not_in_lnbits',
          severity: 'mismatch',
          payment_hash: s.payment_hash,
          settlement_id: s.id,
          message: `Settlement ${s.id} was ingested from payment ${short(s.payment_hash)}, which this wallet does not have as a successful payment.`,
          action:
            'The settlement or the wallet binding is wrong: check the settlement, and that the machine is bound to the wallet its sales go to.',
        })
    if (batch.length < BATCH) return findings
    after = batch.at(-1)!.rowid
  }
}

const emptyBalance = (): WalletBalanceExplained => ({
  sales_in_msat: 0,
  other_in_msat: 0,
  legs_out_msat: 0,
  cash_ins_out_msat: 0,
  other_out_msat: 0,
  pending_out_msat: 0,
  fees_msat: 0,
  expected_msat: 0,
  balance_msat: 0,
})

/** LNbits' balance: successful payments in, successful and pending payments out (with their fees). */
function addToBalance(e: WalletBalanceExplained, p: LnbitsPayment, forLeg: boolean, sale: boolean): void {
  if (p.status === 'failed' || (p.status === 'pending' && p.amount_msat > 0)) return
  if (p.status === 'pending') {
    e.pending_out_msat -= p.amount_msat
    e.fees_msat += p.fee_msat
  } else if (p.amount_msat > 0) e[sale ? 'sales_in_msat' : 'other_in_msat'] += p.amount_msat
  else {
    e[forLeg ? 'legs_out_msat' : sale ? 'cash_ins_out_msat' : 'other_out_msat'] -= p.amount_msat
    e.fees_msat += p.fee_msat
  }
}

const tagOf = (p: LnbitsPayment): string | null => {
  const tag = p.extra.satmachine_leg as { leg_id?: unknown } | undefined
  return typeof tag?.leg_id === 'string' ? tag.leg_id : null
}
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '(no hash)')

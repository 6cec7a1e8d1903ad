import BetterSqlite3 from 'better-sqlite3'
import type { LnbitsClient, LnbitsPayment } from '../../src-main/core/lnbits/client'
import { groupBy } from '../../src-main/core/group-by'
import { lnbitsPayment } from '../../test/support/temp-ledger'

/**
 * The machine wallet's history as LNbits would list it for a ledger seeded by seedLedger: each
 * sale coming in, then its legs going out (tagged with their leg, as the app's payer tags them),
 * oldest first, in pages. Served in-process from the ledger file, because no LNbits here can
 * hold a million payments; the time spent serving is kept apart (`servedMs`), so the bench
 * reports what the app itself spent.
 */
export function walletHistory(path: string, machineId: string) {
  const db = new BetterSqlite3(path, { readonly: true })
  const sales = db.prepare('SELECT id, payment_hash, crypto_atoms FROM settlements WHERE machine_id = ? AND id > ? ORDER BY id LIMIT ?')
  const legs = db.prepare(
    `SELECT id, settlement_id, payment_hash, amount_sats FROM legs
     WHERE settlement_id > ? AND settlement_id <= ? AND leg_type NOT IN ('operator_principal', 'retained') ORDER BY settlement_id, position`,
  )
  const totals = db
    .prepare(
      `SELECT (SELECT sum(crypto_atoms) FROM settlements WHERE machine_id = ?) - (SELECT sum(amount_sats) FROM legs
       WHERE leg_type NOT IN ('operator_principal', 'retained')) AS sats`,
    )
    .get(machineId) as { sats: number }

  let servedMs = 0
  let after = ''
  let served = 0
  const queue: LnbitsPayment[] = []
  const payment = (hash: string, amount_msat: number, extra: Record<string, unknown>) =>
    lnbitsPayment(hash, amount_msat, extra, { wallet_id: 'bench-wallet' })
  /** the next settlements, each followed by its legs */
  const refill = () => {
    const batch = sales.all(machineId, after, 1_000) as { id: string; payment_hash: string; crypto_atoms: number }[]
    if (batch.length === 0) return false
    const last = batch.at(-1)!.id
    const legsOf = groupBy(
      legs.all(after, last) as { id: string; settlement_id: string; payment_hash: string; amount_sats: number }[],
      (l) => l.settlement_id,
    )
    for (const s of batch) {
      queue.push(payment(s.payment_hash, s.crypto_atoms * 1000, {}))
      for (const l of legsOf.get(s.id) ?? [])
        queue.push(payment(l.payment_hash, -l.amount_sats * 1000, { satmachine_leg: { leg_id: l.id } }))
    }
    after = last
    return true
  }

  const client = {
    async listPayments(_key: string, filters: { limit?: number; offset?: number } = {}): Promise<LnbitsPayment[]> {
      const t0 = performance.now()
      const limit = filters.limit ?? 100
      // The app reads its history front to back; anything else would not be what it does.
      if ((filters.offset ?? 0) !== served) throw new Error(`the bench serves pages in order: asked ${filters.offset}, at ${served}`)
      while (queue.length < limit && refill());
      const page = queue.splice(0, limit)
      served += page.length
      servedMs += performance.now() - t0
      return page
    },
    async wallet(_key: string) {
      return { id: 'bench-wallet', name: 'Bench', balance_msat: totals.sats * 1000 }
    },
  }
  return {
    client: client as unknown as LnbitsClient,
    get servedMs() {
      return servedMs
    },
    get served() {
      return served
    },
    close: () => db.close(),
  }
}

import { openLedger, type Ledger } from '../../src-main/core/ledger/open'
import type { LnbitsPayment } from '../../src-main/core/lnbits/client'
import { tempDir } from './tmp'

/** A fresh ledger in its own folder; both go when the test's cleanup runs (last in, first out). */
export function tempLedger(cleanup: (() => Promise<void> | void)[], now = () => '2026-01-01T00:00:00.000Z'): Ledger {
  const dir = tempDir()
  const l = openLedger({ dataDir: dir.path, now })
  cleanup.push(
    () => dir.remove(),
    () => l.close(),
  )
  return l
}

/** A payment as the app's LNbits client gives it: successful, no fee, unless told otherwise. */
export function lnbitsPayment(
  payment_hash: string,
  amount_msat: number,
  extra: Record<string, unknown> = {},
  more: Partial<LnbitsPayment> = {},
): LnbitsPayment {
  return {
    payment_hash,
    bolt11: 'lnbc1test',
    amount_msat,
    amount_sats: amount_msat / 1000,
    fee_msat: 0,
    status: 'success',
    time: 1_767_225_600,
    expiry: null,
    memo: '',
    extra,
    wallet_id: 'w',
    ...more,
  }
}

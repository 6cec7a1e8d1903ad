import { CommandError } from '../../../src-shared/contract/errors'
import { refusal } from '../../../src-shared/messages/refuse'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import type { DestinationCheck } from '../../../src-shared/domain/verify'
import type { CommandEnv } from '../env'
import { LnbitsError } from '../lnbits/errors'
import { LnurlError, fetchPayParams, requestInvoice } from '../lnurl/pay'
import { boundLnbitsUrls } from '../wallets/queries'

/**
 * Checks a destination live: an LNURL-pay / Lightning address must resolve and hand out an
 * invoice whose amount and description hash are right (the invoice is never paid); an LNbits
 * invoice key must open a wallet on an LNbits the operator has bound.
 */
export async function checkDestination(
  env: CommandEnv,
  kind: DestinationKind,
  value: string,
): Promise<Omit<DestinationCheck, 'verified_at'>> {
  if (kind === 'lnbits_invoice_key') {
    const urls = await boundLnbitsUrls(env.db)
    if (urls.length === 0) throw refusal('unavailable', 'destinations.no_lnbits')
    // the key is judged unknown only when every bound LNbits answered and none knows it
    let unreachable: LnbitsError | undefined
    for (const url of urls) {
      try {
        const w = await env.lnbits(url).wallet(value)
        return { kind, ok: true, detail: `Opens wallet "${w.name}" on ${url}.`, min_sats: null, max_sats: null }
      } catch (e) {
        if (!(e instanceof LnbitsError)) throw e
        if (e.transient) unreachable = e
        else if (e.kind !== 'unauthorized') throw new CommandError('unavailable', e.message)
      }
    }
    if (unreachable) throw notNow(`LNbits: ${unreachable.detail}`)
    return {
      kind,
      ok: false,
      detail: 'No bound LNbits knows this key: payouts to it would fail. Check the key, or bind its LNbits.',
      min_sats: null,
      max_sats: null,
    }
  }
  try {
    const params = await fetchPayParams(kind, value)
    const amount = Math.ceil(params.min_msat / 1000) * 1000
    await requestInvoice(params, amount)
    return {
      kind,
      ok: true,
      detail: `Resolves, and hands out checked invoices (${Math.ceil(params.min_msat / 1000)} to ${Math.floor(params.max_msat / 1000)} sats).`,
      min_sats: Math.ceil(params.min_msat / 1000),
      max_sats: Math.floor(params.max_msat / 1000),
    }
  } catch (e) {
    if (e instanceof LnurlError && e.unreachable) throw notNow(e.message)
    if (e instanceof LnurlError)
      return { kind, ok: false, detail: `${e.message}. Payouts to it would fail.`, min_sats: null, max_sats: null }
    throw e
  }
}

/** Unreachable says nothing about the destination: the check is not done, rather than failed. */
const notNow = (why: string) => refusal('unavailable', 'destinations.not_now', { reason: why })

import { CommandError } from '../../../src-shared/contract/errors'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import type { DestinationCheck } from '../../../src-shared/domain/verify'
import { openDestination } from './store'
import type { CommandEnv } from '../env'
import { LnbitsError } from '../lnbits/errors'
import { LnurlError, fetchPayParams, requestInvoice } from '../lnurl/pay'
import type { Handler } from '../handler'
import { loadClient } from '../clients/queries'

/**
 * Checks a destination live: an LNURL-pay / Lightning address must resolve and hand out an
 * invoice whose amount and description hash are right (the invoice is never paid); an LNbits
 * invoice key must open a wallet on an LNbits the operator has bound.
 */
async function check(env: CommandEnv, kind: DestinationKind, value: string): Promise<Omit<DestinationCheck, 'verified_at'>> {
  if (kind === 'lnbits_invoice_key') {
    const urls = [...new Set((await env.db.selectFrom('wallet_bindings').select('lnbits_url').execute()).map((r) => r.lnbits_url))]
    if (urls.length === 0)
      throw new CommandError('unavailable', 'An LNbits key can only be checked against a bound LNbits: bind a wallet first (wallets.bind).')
    for (const url of urls) {
      try {
        const w = await env.lnbits(url).wallet(value)
        return { kind, ok: true, detail: `Opens wallet "${w.name}" on ${url}.`, min_sats: null, max_sats: null }
      } catch (e) {
        if (!(e instanceof LnbitsError) || e.kind !== 'unauthorized')
          throw e instanceof LnbitsError ? new CommandError('unavailable', e.message) : e
      }
    }
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
    if (e instanceof LnurlError)
      return { kind, ok: false, detail: `${e.message}. Payouts to it would fail.`, min_sats: null, max_sats: null }
    throw e
  }
}

export const verifyDestination: Handler<'destinations.verify'> = async (args, env) => {
  if (args.destination) return { ...(await check(env, args.destination.kind, args.destination.value)), verified_at: null }
  const client = await loadClient(env.db, args.client_id!)
  const dest = openDestination(env.secrets, client.destination_kind, client.destination_enc)
  if (!dest) throw new CommandError('conflict', `LP "${client.name}" has no payout destination to verify.`)
  const result = await check(env, dest.kind, dest.value)
  // A failed check does not undo an earlier verification: the destination may be down for a while.
  if (!result.ok) return { ...result, verified_at: client.destination_verified_at }
  const verified_at = env.now()
  await env.transaction(async (tx) => {
    await tx.db
      .updateTable('clients')
      .set({ destination_verified_at: verified_at, updated_at: tx.now() })
      .where('id', '=', client.id)
      .execute()
    await tx.audit({
      entity: 'client',
      entity_id: client.id,
      before: { destination_verified_at: client.destination_verified_at },
      after: { destination_verified_at: verified_at, detail: result.detail },
    })
  })
  return { ...result, verified_at }
}

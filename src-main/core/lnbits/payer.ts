import type { Kysely } from 'kysely'
import type { Database, WalletBindingsTable } from '../ledger/schema'
import type { SecretBox } from '../secrets/box'
import type { HashStatus, LegToPay, PayOutcome, Payer } from '../settlement/payer'
import type { LnbitsClient } from './client'
import { LnbitsError } from './errors'
import { fetchPayParams, requestInvoice } from '../lnurl/pay'
import { indexLiteral } from '../ledger/index-literal'

export interface LnbitsPayerDeps {
  db: Kysely<Database>
  secrets: SecretBox
  lnbits(url: string): LnbitsClient
}

/**
 * Pays legs through LNbits: from the machine's bound wallet (or the funding wallet a balance
 * settlement names), to an invoice key on the same LNbits instance (the invoice is made with
 * it) or a Lightning address / LNURL-pay (LUD-06/16: the invoice is asked of it and checked).
 * Every payment carries an `extra` tag naming settlement and leg.
 */
export class LnbitsPayer implements Payer {
  constructor(private readonly deps: LnbitsPayerDeps) {}

  async readiness(machineId: string): Promise<string | null> {
    const bound = await this.deps.db
      .selectFrom('wallet_bindings')
      .select('id')
      .where('role', '=', indexLiteral('machine'))
      .where('machine_id', '=', machineId)
      .executeTakeFirst()
    return bound ? null : "Payouts need the machine's LNbits wallet: bind it first (Settings → LNbits wallets, or wallets.bind)."
  }

  async createInvoice(leg: LegToPay): Promise<{ bolt11: string; payment_hash: string }> {
    const { client } = await this.payingWallet(leg)
    const dest = leg.destination
    if (!dest) throw new Error(`${leg.target || leg.leg_type} has no payout destination set`)
    if (dest.kind === 'lnbits_invoice_key')
      return client.createInvoice(dest.value, { amount_sats: leg.amount_sats, memo: memo(leg), extra: tag(leg) })
    // A Lightning address or LNURL-pay: ask it for an invoice, checked for amount and description hash.
    return requestInvoice(await fetchPayParams(dest.kind, dest.value), leg.amount_sats * 1000)
  }

  async pay(leg: LegToPay, bolt11: string): Promise<PayOutcome> {
    const { client, admin } = await this.payingWallet(leg)
    try {
      await client.pay(admin, bolt11, tag(leg))
      return { status: 'completed' }
    } catch (e) {
      if (e instanceof LnbitsError) {
        // "Payment already paid": an earlier request of this leg went through.
        if (e.kind === 'payment_failed' && e.paymentStatus === 'success') return { status: 'completed' }
        // LNbits said no (or refused the key): nothing moved, the leg has failed and may be retried.
        if (e.kind === 'payment_failed' || e.kind === 'unauthorized' || e.kind === 'bad_request')
          return { status: 'failed', reason: e.message }
      }
      throw e // unknown or pending outcome: the engine keeps the leg in flight and asks by hash next time
    }
  }

  async status(leg: LegToPay, paymentHash: string): Promise<HashStatus> {
    const { client, admin } = await this.payingWallet(leg)
    const s = await client.paymentState(admin, paymentHash)
    if (s.state === 'success') return { status: 'completed' }
    if (s.state === 'failed') return { status: 'failed', reason: 'LNbits reports the payment failed' }
    return { status: s.state }
  }

  private async payingWallet(leg: LegToPay): Promise<{ client: LnbitsClient; admin: string; row: WalletBindingsTable }> {
    let q = this.deps.db.selectFrom('wallet_bindings').selectAll()
    q = leg.funding_wallet_id
      ? q.where('id', '=', leg.funding_wallet_id)
      : q.where('role', '=', indexLiteral('machine')).where('machine_id', '=', leg.machine_id ?? '')
    const row = await q.executeTakeFirst()
    if (!row?.admin_key_enc)
      throw new Error(
        leg.funding_wallet_id
          ? `funding wallet ${leg.funding_wallet_id} is not bound`
          : 'no LNbits wallet is bound to this machine: bind it with wallets.bind',
      )
    return { client: this.deps.lnbits(row.lnbits_url), admin: this.deps.secrets.open(row.admin_key_enc), row }
  }
}

function tag(leg: LegToPay): Record<string, unknown> {
  return { satmachine_leg: { leg_id: leg.id, settlement_id: leg.settlement_id, leg_type: leg.leg_type } }
}

function memo(leg: LegToPay): string {
  return leg.leg_type === 'dca'
    ? 'SatMachine DCA'
    : leg.leg_type === 'balance_settlement'
      ? 'SatMachine balance settlement'
      : `SatMachine ${leg.leg_type.replace('_', ' ')}`
}

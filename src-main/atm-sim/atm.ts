import { finalizeEvent, generateSecretKey, type Event } from 'nostr-tools/pure'
import { ATTESTATION_EXTRA_KEY, type AttestationContentIn } from '../../src-shared/domain/ingestion'
import { APP_EVENT_KIND, attestationDTag } from '../../src-shared/nostr/kinds'

/**
 * Plays the ATM against a real LNbits, and nothing else (docs/architecture.md#test-peers): for a cash-out sale it
 * makes the invoice on the machine wallet, has the customer's wallet pay it, signs the
 * attestation with the machine's key and attaches it to the payment. For a cash-in it pays the
 * customer's invoice from the machine wallet and attests that outgoing payment. LNbits makes the
 * payment hash, so the attestation can name it only once the invoice exists: it is attached after
 * the payment succeeds with LNbits' `PATCH /api/v1/payments/extra` (admin key).
 * Forgeries are for tests: each breaks exactly one rule of docs/wire-formats.md#transaction-attestation.
 */
export const FORGERIES = ['none', 'wrong-author', 'wrong-amount', 'wrong-hash', 'tampered', 'unattested'] as const
export type Forgery = (typeof FORGERIES)[number]

export interface AtmConfig {
  lnbitsUrl: string
  machineInvoiceKey: string
  machineAdminKey: string
  /** the machine's Nostr secret key */
  machineSecretKey: Uint8Array
  /** hex */
  operatorPubkey: string
  fiatCode: string
}

interface SaleTerms {
  sats: number
  /** fiat minor units */
  fiatAmount: number
  txid?: string
  discount?: number
  forge?: Forgery
}

export interface SaleRequest extends SaleTerms {
  /** the customer's LNbits wallet (admin key) pays the machine */
  customerAdminKey: string
}

export interface CashInRequest extends SaleTerms {
  /** the customer's LNbits wallet (invoice key) makes the invoice the machine pays */
  customerInvoiceKey: string
}

export interface Sale {
  txid: string
  payment_hash: string
  attestation: Event | null
}

export class AtmSimulator {
  constructor(private readonly config: AtmConfig) {}

  /** A cash-out: the customer's wallet pays the machine wallet's invoice. */
  async sale(req: SaleRequest): Promise<Sale> {
    const txid = req.txid ?? newTxid()
    const invoice = await this.invoice(this.config.machineInvoiceKey, req.sats, `Cash-out ${txid}`)
    await this.lnbits('POST', '/api/v1/payments', req.customerAdminKey, { out: true, bolt11: invoice.bolt11 })
    return this.attested(txid, invoice.payment_hash, 'cash_out', req)
  }

  /** A cash-in: the customer put cash in, and the machine wallet pays the customer's invoice. */
  async cashIn(req: CashInRequest): Promise<Sale> {
    const txid = req.txid ?? newTxid()
    const invoice = await this.invoice(req.customerInvoiceKey, req.sats, `Cash-in ${txid}`)
    await this.lnbits('POST', '/api/v1/payments', this.config.machineAdminKey, { out: true, bolt11: invoice.bolt11 })
    return this.attested(txid, invoice.payment_hash, 'cash_in', req)
  }

  private async invoice(invoiceKey: string, sats: number, memo: string): Promise<{ payment_hash: string; bolt11: string }> {
    const r = (await this.lnbits('POST', '/api/v1/payments', invoiceKey, { out: false, amount: sats, memo })) as {
      payment_hash: string
      bolt11?: string
      payment_request?: string
    }
    return { payment_hash: r.payment_hash, bolt11: (r.bolt11 ?? r.payment_request)! }
  }

  private async attested(txid: string, paymentHash: string, direction: Direction, req: SaleTerms): Promise<Sale> {
    if (req.forge === 'unattested') return { txid, payment_hash: paymentHash, attestation: null }
    const attestation = this.attestation(txid, paymentHash, req, direction)
    await this.attach(paymentHash, attestation)
    return { txid, payment_hash: paymentHash, attestation }
  }

  /** Attaches an attestation to a successful payment of the machine wallet (what the ATM does after a sale). */
  async attach(paymentHash: string, attestation: Event): Promise<void> {
    await this.lnbits('PATCH', '/api/v1/payments/extra', this.config.machineAdminKey, {
      payment_hash: paymentHash,
      extra: { [ATTESTATION_EXTRA_KEY]: attestation },
    })
  }

  /** The signed attestation of one sale, broken as `forge` says. */
  attestation(
    txid: string,
    paymentHash: string,
    req: Pick<SaleTerms, 'sats' | 'fiatAmount' | 'discount' | 'forge'>,
    direction: Direction = 'cash_out',
  ): Event {
    const forge = req.forge ?? 'none'
    const content: AttestationContentIn = {
      v: 1,
      txid,
      direction,
      crypto_atoms: forge === 'wrong-amount' ? req.sats + 1 : req.sats,
      fiat_amount: req.fiatAmount,
      fiat_code: this.config.fiatCode,
      discount: req.discount ?? 0,
    }
    const hash = forge === 'wrong-hash' ? [...paymentHash].reverse().join('') : paymentHash
    const key = forge === 'wrong-author' ? generateSecretKey() : this.config.machineSecretKey
    const event = finalizeEvent(
      {
        kind: APP_EVENT_KIND,
        created_at: Math.floor(Date.now() / 1000),
        tags: [
          ['d', attestationDTag(txid)],
          ['p', this.config.operatorPubkey],
          ['payment_hash', hash],
        ],
        content: JSON.stringify(content),
      },
      key,
    )
    // Tampered: the content changed after signing (the fiat amount doubled), the signature kept.
    return forge === 'tampered' ? { ...event, content: JSON.stringify({ ...content, fiat_amount: req.fiatAmount * 2 }) } : event
  }

  private async lnbits(method: string, path: string, key: string, body: unknown): Promise<unknown> {
    const r = await fetch(this.config.lnbitsUrl.replace(/\/+$/, '') + path, {
      method,
      headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await r.text()
    if (!r.ok) throw new Error(`LNbits ${method} ${path}: HTTP ${r.status} ${text.slice(0, 300)}`)
    return JSON.parse(text)
  }
}

type Direction = AttestationContentIn['direction']

const newTxid = () => `atm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

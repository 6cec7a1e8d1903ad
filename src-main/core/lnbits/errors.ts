/** What went wrong talking to LNbits, and what the operator can do about it. */
export type LnbitsErrorKind =
  | 'unreachable' // connection refused / DNS / reset: LNbits is down or the URL is wrong
  | 'timeout' // no answer in time: the outcome of a write is unknown
  | 'unauthorized' // 401/403: wrong key, or a key rotated in LNbits
  | 'not_found' // 404: no such payment or wallet
  | 'payment_failed' // 520 from a pay call: LNbits refused or the payment failed; nothing moved
  | 'payment_pending' // LNbits accepted the payment but has no final outcome yet
  | 'invoice_failed' // 520 from an invoice call
  | 'bad_request' // 400/422: LNbits refused the request as malformed
  | 'server_error' // other 5xx
  | 'rate_limited' // 429: LNbits' rate limiter (default 200 requests a minute per client)
  | 'bad_response' // an answer that is not what this LNbits version returns

const HINTS: Record<LnbitsErrorKind, string> = {
  unreachable:
    'Check that LNbits is running and its URL is right. New sales are read again by the next sync on their own; a settlement that errored waits for you to retry it.',
  timeout: 'LNbits did not answer in time; a payment is checked by its hash before anything is paid again.',
  unauthorized: 'The key was refused: it may have been reset in LNbits. Rotate it in the wallet settings.',
  not_found: 'LNbits does not know it.',
  payment_failed: 'Nothing was paid. Check the balance of the paying wallet and the destination, then retry.',
  payment_pending: 'LNbits is still completing the payment; it is checked by its hash before anything is paid again.',
  invoice_failed: 'No invoice was made. Check the receiving wallet, then retry.',
  bad_request: 'LNbits refused the request.',
  server_error: 'LNbits had an internal error; retry later.',
  rate_limited:
    'LNbits is limiting how often this app may call it; the app carries on from where it stopped on its next round. An LNbits admin can raise the limit (Server settings, rate limiter).',
  bad_response: 'LNbits answered unexpectedly: is it a supported version (1.x)?',
}

export class LnbitsError extends Error {
  readonly kind: LnbitsErrorKind
  readonly status: number | undefined
  readonly detail: string
  /** the `status` LNbits put in a 520 body ("failed", "pending", "success"), when it did */
  readonly paymentStatus: string | undefined

  constructor(kind: LnbitsErrorKind, detail: string, status?: number, paymentStatus?: string) {
    super(`LNbits: ${detail}. ${HINTS[kind]}`)
    this.name = 'LnbitsError'
    this.kind = kind
    this.status = status
    this.detail = detail
    this.paymentStatus = paymentStatus
  }

  /** Worth trying again later (the request may not have arrived, or LNbits was briefly unwell). */
  get transient(): boolean {
    return (
      this.kind === 'unreachable' ||
      this.kind === 'timeout' ||
      this.kind === 'server_error' ||
      this.kind === 'payment_pending' ||
      this.kind === 'rate_limited'
    )
  }
}

import { LnbitsError, type LnbitsErrorKind } from './errors'

/** One payment as LNbits lists it, with amounts converted at this boundary. */
export interface LnbitsPayment {
  payment_hash: string
  bolt11: string
  /** positive for incoming, negative for outgoing */
  amount_msat: number
  /** whole sats when amount_msat is a multiple of 1000, else null (never a rounded float) */
  amount_sats: number | null
  fee_msat: number
  status: 'success' | 'pending' | 'failed'
  /** unix seconds */
  time: number
  /** unix seconds when an invoice stops being payable; null when LNbits gives none */
  expiry: number | null
  memo: string
  extra: Record<string, unknown>
  wallet_id: string
}

export type PaymentState = { state: 'success' } | { state: 'failed' } | { state: 'pending' } | { state: 'unknown' }

export interface ListFilters {
  /** incoming (amount > 0) or outgoing (amount < 0); both when unset */
  direction?: 'incoming' | 'outgoing'
  status?: 'success' | 'pending' | 'failed'
  /** unix seconds, inclusive */
  since?: number
  limit?: number
  offset?: number
}

export interface LnbitsClientOptions {
  url: string
  /** per request; default 15 s */
  timeoutMs?: number
  /** extra attempts for reads only (writes are never repeated); default 2 */
  readRetries?: number
  fetch?: typeof fetch
}

/**
 * A typed client for the LNbits 1.x wallet API. Every call has a timeout; only reads are
 * retried; every failure is an LnbitsError with a kind the caller can act on.
 */
export class LnbitsClient {
  private readonly base: string
  private readonly timeoutMs: number
  private readonly readRetries: number
  private readonly fetchImpl: typeof fetch

  constructor(opts: LnbitsClientOptions) {
    this.base = opts.url.replace(/\/+$/, '')
    this.timeoutMs = opts.timeoutMs ?? 15_000
    this.readRetries = opts.readRetries ?? 2
    this.fetchImpl = opts.fetch ?? fetch
  }

  /** The wallet a key belongs to, with its balance. */
  async wallet(key: string): Promise<{ id: string | null; name: string; balance_msat: number }> {
    const body = asObject(await this.read('/api/v1/wallet', key))
    return { id: typeof body.id === 'string' ? body.id : null, name: String(body.name ?? ''), balance_msat: int(body.balance, 'balance') }
  }

  async createInvoice(
    invoiceKey: string,
    req: { amount_sats: number; memo: string; extra?: Record<string, unknown> },
  ): Promise<{ payment_hash: string; bolt11: string }> {
    if (!Number.isSafeInteger(req.amount_sats) || req.amount_sats <= 0)
      throw new RangeError(`invoice amount must be a positive whole number of sats, got ${req.amount_sats}`)
    const body = asObject(
      await this.write(
        '/api/v1/payments',
        invoiceKey,
        { out: false, amount: req.amount_sats, memo: req.memo, extra: req.extra ?? {} },
        'invoice_failed',
      ),
    )
    return { payment_hash: hex64(body.payment_hash), bolt11: str(body.bolt11 ?? body.payment_request, 'bolt11') }
  }

  /** Pays from the wallet of `adminKey`. Resolves only when LNbits reported success; never retried. */
  async pay(adminKey: string, bolt11: string, extra?: Record<string, unknown>): Promise<{ payment_hash: string; fee_msat: number }> {
    const body = asObject(
      await this.write('/api/v1/payments', adminKey, { out: true, bolt11, ...(extra ? { extra } : {}) }, 'payment_failed'),
    )
    const status = body.status
    if (status === 'failed') throw new LnbitsError('payment_failed', `payment ${String(body.payment_hash)} failed`)
    // LNbits answers 201 with "pending" when its funding source did not settle in time.
    if (status === 'pending') throw new LnbitsError('payment_pending', `payment ${String(body.payment_hash)} is still pending`)
    return { payment_hash: hex64(body.payment_hash), fee_msat: Math.abs(int(body.fee ?? 0, 'fee')) }
  }

  /** What LNbits knows of a payment hash, as seen from the wallet of `key`. */
  async paymentState(key: string, paymentHash: string): Promise<PaymentState> {
    let body: Record<string, unknown>
    try {
      body = asObject(await this.read(`/api/v1/payments/${encodeURIComponent(paymentHash)}`, key))
    } catch (e) {
      if (e instanceof LnbitsError && e.kind === 'not_found') return { state: 'unknown' }
      throw e
    }
    if (body.paid === true) return { state: 'success' }
    const details = body.details as { status?: unknown } | undefined
    if (body.status === 'failed' || details?.status === 'failed') return { state: 'failed' }
    return { state: 'pending' }
  }

  /** True when the payment belongs to the wallet of `key` (LNbits returns its details only then). */
  async ownsPayment(key: string, paymentHash: string): Promise<boolean> {
    try {
      const body = asObject(await this.read(`/api/v1/payments/${encodeURIComponent(paymentHash)}`, key))
      return typeof body.details === 'object' && body.details !== null
    } catch (e) {
      // LNbits looks the hash up within the key's wallet: another wallet's payment "does not exist".
      if (e instanceof LnbitsError && e.kind === 'not_found') return false
      throw e
    }
  }

  async listPayments(key: string, filters: ListFilters = {}): Promise<LnbitsPayment[]> {
    const q = new URLSearchParams({
      sortby: 'time',
      direction: 'asc',
      limit: String(filters.limit ?? 100),
      offset: String(filters.offset ?? 0),
    })
    if (filters.direction === 'incoming') q.set('amount[gt]', '0')
    if (filters.direction === 'outgoing') q.set('amount[lt]', '0')
    if (filters.status) q.set('status', filters.status)
    if (filters.since !== undefined) q.set('time[ge]', new Date(filters.since * 1000).toISOString())
    const body = await this.read(`/api/v1/payments?${q.toString()}`, key)
    if (!Array.isArray(body)) throw new LnbitsError('bad_response', 'the payment list is not a list')
    return body.map(toPayment)
  }

  private async read(path: string, key: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request('GET', path, key, undefined, 'bad_request')
      } catch (e) {
        // A rate limit lasts its window (a minute by default): retrying within seconds only burns more of it.
        if (!(e instanceof LnbitsError) || !e.transient || e.kind === 'rate_limited' || attempt >= this.readRetries) throw e
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt * (0.5 + Math.random())))
      }
    }
  }

  private write(path: string, key: string, body: unknown, failure: LnbitsErrorKind): Promise<unknown> {
    return this.request('POST', path, key, body, failure)
  }

  private async request(method: string, path: string, key: string, body: unknown, failure520: LnbitsErrorKind): Promise<unknown> {
    let response: Response
    try {
      response = await this.fetchImpl(this.base + path, {
        method,
        headers: { 'X-Api-Key': key, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } }
      if (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new LnbitsError('timeout', `no answer from ${this.base} within ${this.timeoutMs} ms`)
      throw new LnbitsError('unreachable', `cannot reach ${this.base} (${err.cause?.code ?? err.message})`)
    }
    const text = await response.text().catch(() => '')
    if (response.ok) {
      try {
        return JSON.parse(text)
      } catch {
        throw new LnbitsError('bad_response', `HTTP ${response.status} with a body that is not JSON`)
      }
    }
    const detail = errorDetail(text) ?? `HTTP ${response.status}`
    const status = response.status
    if (status === 520) {
      // A 520 carries the payment's state: only "failed" (or none) means nothing moved.
      const paymentStatus = bodyStatus(text)
      if (failure520 === 'payment_failed' && paymentStatus === 'pending')
        throw new LnbitsError('payment_pending', detail, status, paymentStatus)
      throw new LnbitsError(failure520, detail, status, paymentStatus)
    }
    if (status === 401 || status === 403) throw new LnbitsError('unauthorized', detail, status)
    // LNbits answers an unknown API key with 404 "Wallet not found": for the caller, a refused key.
    if (status === 404 && /wallet not found/i.test(detail))
      throw new LnbitsError('unauthorized', `the key is not known to this LNbits (${detail})`, status)
    if (status === 404) throw new LnbitsError('not_found', detail, status)
    if (status === 400 || status === 422) throw new LnbitsError('bad_request', detail, status)
    if (status === 429) throw new LnbitsError('rate_limited', `${rateLimitDetail(text) ?? detail} (HTTP 429)`, status)
    if (status >= 500) throw new LnbitsError('server_error', detail, status)
    throw new LnbitsError('bad_response', `unexpected HTTP ${status}: ${detail}`, status)
  }
}

function bodyStatus(text: string): string | undefined {
  try {
    const s = (JSON.parse(text) as { status?: unknown }).status
    return typeof s === 'string' ? s : undefined
  } catch {
    return undefined
  }
}

/** LNbits' limiter answers {"error": "Rate limit exceeded: 200 per 1 minute"}. */
function rateLimitDetail(text: string): string | undefined {
  try {
    const e = (JSON.parse(text) as { error?: unknown }).error
    return typeof e === 'string' ? e : undefined
  } catch {
    return undefined
  }
}

function errorDetail(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { detail?: unknown }
    if (typeof body.detail === 'string') return body.detail
    if (body.detail !== undefined) return JSON.stringify(body.detail)
  } catch {
    // not JSON: fall through
  }
  return text.trim() ? text.trim().slice(0, 300) : undefined
}

function asObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LnbitsError('bad_response', 'expected a JSON object')
  return v as Record<string, unknown>
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new LnbitsError('bad_response', `${what} is not an integer`)
  return v
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new LnbitsError('bad_response', `${what} is missing`)
  return v
}

function hex64(v: unknown): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) throw new LnbitsError('bad_response', 'payment_hash is not 64 hex characters')
  return v
}

function toPayment(raw: unknown): LnbitsPayment {
  const p = asObject(raw)
  const amount = int(p.amount, 'amount')
  const status = p.status === 'success' || p.status === 'failed' ? p.status : 'pending'
  const time = typeof p.time === 'number' ? p.time : Math.floor(Date.parse(utcIso(String(p.time ?? p.created_at))) / 1000)
  return {
    payment_hash: hex64(p.payment_hash),
    bolt11: String(p.bolt11 ?? ''),
    amount_msat: amount,
    amount_sats: amount % 1000 === 0 ? amount / 1000 : null,
    fee_msat: Math.abs(int(p.fee ?? 0, 'fee')),
    status,
    time: Number.isFinite(time) ? time : 0,
    expiry: unixSeconds(p.expiry),
    memo: String(p.memo ?? ''),
    extra: typeof p.extra === 'object' && p.extra !== null ? (p.extra as Record<string, unknown>) : {},
    wallet_id: String(p.wallet_id ?? ''),
  }
}

function unixSeconds(v: unknown): number | null {
  if (typeof v === 'number') return Math.floor(v)
  if (typeof v !== 'string' || !v) return null
  const t = Date.parse(utcIso(v))
  return Number.isFinite(t) ? Math.floor(t / 1000) : null
}

/** LNbits may write its UTC times without a zone; read that way they would shift by the laptop's offset. */
function utcIso(text: string): string {
  return /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`
}

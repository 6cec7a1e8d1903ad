import { createHash } from 'node:crypto'
import { bech32 } from '@scure/base'
import { decode } from 'light-bolt11-decoder'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import { Agent, fetch, type Dispatcher, type Response } from 'undici'
import { isLocalHost, PrivateNetworkRefused, publicOnlyLookup, resolvesToPrivate, type Resolve } from './private-address'

/** Why an LNURL-pay destination could not give an invoice, in words an operator can act on. */
export class LnurlError extends Error {
  /** true when the destination could not be reached at all: nothing is known about it yet */
  constructor(
    message: string,
    readonly unreachable = false,
  ) {
    super(message)
    this.name = 'LnurlError'
  }
}

export interface PayParams {
  callback: string
  min_msat: number
  max_msat: number
  metadata: string
  /**
   * where the destination's own address is: `named` this computer or the LAN by its name
   * (localhost, *.local, a private address), so its callback may lead anywhere there; `resolved`
   * to a private address by DNS (a LAN or tailnet host), so its callback must stay on that host;
   * false: on the internet, and every request is held to public addresses
   */
  local_origin: 'named' | 'resolved' | false
  /** host[:port] of the destination's own address */
  origin_host: string
}

/** The LNURL-pay endpoint of a destination: LUD-16 address, LUD-06 bech32 LNURL, or LUD-17 lnurlp://. */
export function payEndpoint(kind: DestinationKind, value: string): string {
  if (kind === 'lightning_address') {
    const [name, host] = value.split('@') as [string, string]
    return `${schemeFor(host)}://${host}/.well-known/lnurlp/${encodeURIComponent(name)}`
  }
  if (value.startsWith('lnurlp://')) {
    const rest = value.slice('lnurlp://'.length)
    return `${schemeFor(rest.split('/')[0]!)}://${rest}`
  }
  const decoded = bech32.decode(value as `${string}1${string}`, 2000)
  return String.fromCharCode(...bech32.fromWords(decoded.words))
}

/** https, except on this computer (and .onion), where LNURL allows http. */
function schemeFor(hostPort: string): 'http' | 'https' {
  const host = hostPort.replace(/:\d+$/, '')
  return host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host.endsWith('.onion') ? 'http' : 'https'
}

function checkUrl(url: string): URL {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new LnurlError(`the destination answered with an invalid address (${url.slice(0, 80)})`)
  }
  if (u.protocol !== 'https:' && schemeFor(u.host) !== 'http') throw new LnurlError(`the destination's callback is not https (${u.host})`)
  return u
}

/**
 * The requests of a destination on the internet: every name it uses must resolve to public
 * addresses, checked as the connection is made (docs/security.md#secrets-at-rest).
 */
const PUBLIC_ONLY: Dispatcher = new Agent({ connect: { lookup: publicOnlyLookup() } })

/** `publicOnly`: the dispatcher to use for a destination that does not name this computer (tests give their own). */
async function getJson(url: string, timeoutMs: number, publicOnly: Dispatcher | undefined): Promise<Record<string, unknown>> {
  let r: Response
  try {
    r = await fetch(checkUrl(url), {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      headers: { Accept: 'application/json' },
      dispatcher: publicOnly,
    })
  } catch (e) {
    if (e instanceof LnurlError) throw e
    const refused = privateRefusal(e)
    if (refused) throw new LnurlError(`${refused.message}, which the destination's own address does not name: refused`)
    throw new LnurlError(
      `cannot reach ${new URL(url).host}: ${(e as Error).name === 'TimeoutError' ? 'no answer in time' : (e as Error).message}`,
      true,
    )
  }
  let body: unknown
  try {
    body = await r.json()
  } catch {
    throw new LnurlError(`${new URL(url).host} did not answer with LNURL JSON (HTTP ${r.status})`)
  }
  const obj = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (obj.status === 'ERROR') throw new LnurlError(`${new URL(url).host} refused: ${String(obj.reason ?? 'no reason given')}`)
  if (!r.ok) throw new LnurlError(`${new URL(url).host} answered HTTP ${r.status}`)
  return obj
}

/** The refusal of a private address somewhere in a fetch error's causes. */
function privateRefusal(e: unknown): PrivateNetworkRefused | null {
  for (let c = e; c instanceof Error; c = c.cause) if (c instanceof PrivateNetworkRefused) return c
  return null
}

/** How a destination's requests connect: only to public addresses unless it names this computer. */
export interface LnurlNetwork {
  timeoutMs?: number
  /** the dispatcher for a destination on the internet; default: one whose lookups refuse private addresses */
  publicOnly?: Dispatcher
  /** how the destination's own name is resolved, to tell whether it is on the LAN; default: the system's */
  resolve?: Resolve
}

/** LUD-06 step 1: what the destination accepts, and where its own address is (see PayParams.local_origin). */
export async function fetchPayParams(kind: DestinationKind, value: string, net: LnurlNetwork = {}): Promise<PayParams> {
  const endpoint = new URL(payEndpoint(kind, value))
  const local_origin = isLocalHost(endpoint.hostname)
    ? 'named'
    : (await resolvesToPrivate(endpoint.hostname, net.resolve))
      ? 'resolved'
      : false
  const body = await getJson(endpoint.toString(), net.timeoutMs ?? 10_000, local_origin ? undefined : (net.publicOnly ?? PUBLIC_ONLY))
  if (body.tag !== 'payRequest') throw new LnurlError('the destination is not an LNURL-pay endpoint')
  const min = Number(body.minSendable)
  // Some servers announce a maximum beyond 2^53 msat ("no limit"): it is clamped, not refused.
  const max = Math.min(Number(body.maxSendable), Number.MAX_SAFE_INTEGER)
  if (!Number.isSafeInteger(min) || !Number.isFinite(max) || min < 1 || max < min)
    throw new LnurlError('the destination gave no valid sendable range')
  if (typeof body.callback !== 'string' || typeof body.metadata !== 'string')
    throw new LnurlError('the destination gave no callback or metadata')
  return { callback: body.callback, min_msat: min, max_msat: max, metadata: body.metadata, local_origin, origin_host: endpoint.host }
}

/**
 * LUD-06 step 2: an invoice for exactly `amountMsat`, checked before anyone pays it: the amount
 * must be the one asked for, and its description hash must commit to the metadata we were shown.
 */
export async function requestInvoice(
  params: PayParams,
  amountMsat: number,
  net: LnurlNetwork = {},
): Promise<{ bolt11: string; payment_hash: string }> {
  if (amountMsat < params.min_msat || amountMsat > params.max_msat) {
    throw new LnurlError(
      `the destination accepts ${Math.ceil(params.min_msat / 1000)} to ${Math.floor(params.max_msat / 1000)} sats, not ${amountMsat / 1000}`,
    )
  }
  const url = checkUrl(params.callback)
  // A server on the internet must not steer the app to this computer or the LAN around it, nor
  // one on the LAN (by DNS, which may lie) to another host there.
  if (!params.local_origin && isLocalHost(url.hostname))
    throw new LnurlError(
      `the destination's callback leads to this computer or a private network (${url.host}), which its own address does not: refused`,
    )
  if (params.local_origin === 'resolved' && url.host !== params.origin_host)
    throw new LnurlError(
      `the destination's callback leads to ${url.host}, not to its own host on your network (${params.origin_host}): refused`,
    )
  url.searchParams.set('amount', String(amountMsat))
  const body = await getJson(url.toString(), net.timeoutMs ?? 10_000, params.local_origin ? undefined : (net.publicOnly ?? PUBLIC_ONLY))
  if (typeof body.pr !== 'string') throw new LnurlError('the destination gave no invoice')
  let sections
  try {
    sections = decode(body.pr).sections as { name: string; value?: unknown }[]
  } catch {
    throw new LnurlError('the destination gave an invoice that cannot be read')
  }
  const field = (name: string) => sections.find((s) => s.name === name)?.value
  if (String(field('amount')) !== String(amountMsat))
    throw new LnurlError(`the destination's invoice is for ${String(field('amount'))} msat, not the ${amountMsat} asked for`)
  const expected = createHash('sha256').update(params.metadata, 'utf8').digest('hex')
  if (field('description_hash') !== expected)
    throw new LnurlError("the destination's invoice does not commit to its metadata (description hash mismatch)")
  const hash = field('payment_hash')
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new LnurlError("the destination's invoice has no payment hash")
  return { bolt11: body.pr, payment_hash: hash }
}

import type { Filter } from 'nostr-tools/filter'
import type { Event } from 'nostr-tools/pure'
import type { Relay } from 'nostr-tools/relay'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { RelayStatus } from '../../../src-shared/domain/relays'
import { connectRelay } from './pool'
import { withTimeout } from '../timeout'

export interface RelayHubDeps {
  emit(event: PushEvent): void
  connectTimeoutMs: number
  publishTimeoutMs: number
  /** ms clock (tests may move it) */
  clock(): number
  random(): number
}

interface Conn {
  relay: Relay | null
  status: RelayStatus
}

/**
 * The app's relay connections: opened on demand, one per URL; a relay that failed is left
 * alone until its backoff (exponential, with jitter, at most a minute) has passed. Status
 * changes are pushed to the UI.
 */
export class RelayHub {
  private readonly conns = new Map<string, Conn>()

  constructor(private readonly deps: RelayHubDeps) {}

  status(url: string): RelayStatus {
    return this.conns.get(url)?.status ?? { url, state: 'idle', last_error: null, retry_at: null, attempts: 0 }
  }

  /** Publishes one event; the relay's OK (or why not; `waiting` when its backoff had not passed, so nothing was tried). Never throws. */
  async publish(url: string, event: Event): Promise<{ ok: boolean; message: string; waiting?: boolean }> {
    let relay: Relay
    try {
      relay = await this.connection(url)
    } catch (e) {
      return { ok: false, message: (e as Error).message, waiting: e instanceof BackingOff }
    }
    try {
      const message = await withTimeout(
        relay.publish(event),
        this.deps.publishTimeoutMs,
        () => new Error(`${url} did not confirm within ${this.deps.publishTimeoutMs} ms`),
      )
      return { ok: true, message }
    } catch (e) {
      const message = (e as Error).message
      // A refusal ("blocked: …", "invalid: …") is the relay's answer; a dropped socket is not.
      if (!relay.connected) this.failed(url, message)
      return { ok: false, message }
    }
  }

  /**
   * Everything the relay holds for these filters, up to its end-of-stored-events. Events whose
   * signature does not verify come back apart (to be recorded as rejected). Throws when the
   * relay cannot be reached or does not finish in time (the caller keeps its cursor).
   */
  async fetch(url: string, filters: Filter[]): Promise<{ events: Event[]; invalid: unknown[] }> {
    const relay = await this.connection(url)
    return new Promise((resolve, reject) => {
      const events: Event[] = []
      const invalid: unknown[] = []
      let done = false
      const finish = (error?: Error) => {
        if (done) return
        done = true
        clearTimeout(timer)
        sub.close()
        if (error) reject(error)
        else resolve({ events, invalid })
      }
      const timer = setTimeout(
        () => finish(new Error(`${url} did not send its stored events within ${this.deps.publishTimeoutMs} ms`)),
        this.deps.publishTimeoutMs,
      )
      const sub = relay.subscribe(filters, {
        onevent: (e) => void events.push(e),
        oninvalidevent: (e) => void invalid.push(e),
        oneose: () => finish(),
        onclose: (reason) => finish(new Error(`${url} closed the subscription: ${reason}`)),
      })
    })
  }

  private async connection(url: string): Promise<Relay> {
    const conn = this.conns.get(url)
    if (conn?.relay?.connected) return conn.relay
    const retryAt = conn?.status.retry_at
    if (retryAt && retryAt > this.deps.clock())
      throw new BackingOff(`${url} is offline (${conn.status.last_error}); next try at ${new Date(retryAt).toISOString()}`)
    this.set(url, { relay: null, status: { ...this.status(url), state: 'connecting' } })
    try {
      const relay = await connectRelay(url, this.deps.connectTimeoutMs)
      relay.onclose = () => this.failed(url, 'connection closed')
      this.set(url, { relay, status: { url, state: 'connected', last_error: null, retry_at: null, attempts: 0 } })
      return relay
    } catch (e) {
      // nostr-tools rejects a connect with a bare string ("connection timed out"), not an Error.
      const why = (e instanceof Error ? e.message : typeof e === 'string' ? e : '') || 'cannot connect'
      this.failed(url, why)
      throw new Error(`${url}: cannot connect (${why})`, { cause: e })
    }
  }

  private failed(url: string, error: string): void {
    const attempts = this.status(url).attempts + 1
    const backoff = Math.min(60_000, 1_000 * 2 ** (attempts - 1)) * (0.5 + this.deps.random())
    this.set(url, {
      relay: null,
      status: { url, state: 'offline', last_error: error, retry_at: Math.round(this.deps.clock() + backoff), attempts },
    })
  }

  private set(url: string, conn: Conn): void {
    const before = this.conns.get(url)?.status.state
    this.conns.set(url, conn)
    if (before !== conn.status.state) this.deps.emit({ name: 'relays.changed', payload: { url, state: conn.status.state } })
  }

  /** Forget a relay (removed from the list). */
  drop(url: string): void {
    this.conns.get(url)?.relay?.close()
    this.conns.delete(url)
  }

  close(): void {
    for (const url of [...this.conns.keys()]) this.drop(url)
  }
}

class BackingOff extends Error {}

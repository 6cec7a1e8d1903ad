import { BunkerSigner, type BunkerPointer } from 'nostr-tools/nip46'
import type { SimplePool } from 'nostr-tools/pool'
import type { EventTemplate, VerifiedEvent } from 'nostr-tools/pure'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import { newPool } from './pool'
import { SignerError, signerTimeout, type Signer } from './signer'

/** bunker://<remote signer pubkey>?relay=wss://…&relay=…&secret=… (NIP-46). */
export function parseBunkerUri(uri: string): BunkerPointer {
  let url: URL
  try {
    url = new URL(uri.trim())
  } catch {
    throw refusal('invalid_args', 'signer.bunker.not_uri', undefined, [refusalIssue('uri', 'signer.bunker.not_uri.issue')])
  }
  const pubkey = url.hostname.toLowerCase()
  const relays = url.searchParams.getAll('relay').filter((r) => /^wss?:\/\/\S+$/.test(r))
  if (url.protocol !== 'bunker:' || !/^[0-9a-f]{64}$/.test(pubkey) || relays.length === 0) {
    throw refusal('invalid_args', 'signer.bunker.format', undefined, [refusalIssue('uri', 'signer.bunker.format.issue')])
  }
  return { pubkey, relays, secret: url.searchParams.get('secret') }
}

/**
 * The operator's key on their own phone (NIP-46), through nostr-tools' BunkerSigner. Every
 * request has a timeout (the library has none): no answer is a transient error, a refusal
 * from the bunker a permanent one.
 */
export class BunkerClient implements Signer {
  readonly mode = 'bunker' as const

  private constructor(
    private readonly bunker: BunkerSigner,
    private readonly pool: SimplePool,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Waits for a phone to accept a nostrconnect:// offer (it answers with the offer's secret),
   * then checks it answers. Ends with an error when `signal` aborts or the offer expires.
   */
  static async pair(
    clientKey: Uint8Array,
    uri: string,
    timeoutMs: number,
    waitMs: number,
    signal: AbortSignal,
    onauth?: (url: string) => void,
  ): Promise<{ client: BunkerClient; pointer: BunkerPointer }> {
    const pool = newPool()
    const abort = AbortSignal.any([signal, AbortSignal.timeout(waitMs)])
    let bunker: BunkerSigner
    try {
      bunker = await BunkerSigner.fromURI(clientKey, uri, { pool, onauth, skipSwitchRelays: true }, abort)
    } catch (e) {
      pool.destroy()
      throw new SignerError(
        'transient',
        signal.aborted ? 'The pairing was cancelled.' : `No signer accepted the pairing (${(e as Error).message}).`,
      )
    }
    const client = new BunkerClient(bunker, pool, timeoutMs)
    try {
      await client.getPublicKey()
    } catch (e) {
      await client.close()
      throw e
    }
    return { client, pointer: bunker.bp }
  }

  /** Connects (with the pointer's secret, when it has one) and checks the bunker answers. */
  static async connect(
    clientKey: Uint8Array,
    pointer: BunkerPointer,
    timeoutMs: number,
    onauth?: (url: string) => void,
  ): Promise<BunkerClient> {
    const pool = newPool()
    const bunker = BunkerSigner.fromBunker(clientKey, pointer, { pool, onauth, skipSwitchRelays: true })
    const client = new BunkerClient(bunker, pool, timeoutMs)
    try {
      if (pointer.secret) await client.call('connect', () => bunker.connect())
      await client.getPublicKey()
      return client
    } catch (e) {
      await client.close()
      throw e
    }
  }

  /** false after a request went unanswered: the connection may be gone (a relay restarted), so the host reconnects */
  healthy = true
  /** called after each answered request (an approval the bunker asked for is then behind us) */
  onAnswered: (() => void) | undefined

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      const result = await signerTimeout(what, this.timeoutMs, request())
      this.healthy = true
      this.onAnswered?.()
      return result
    } catch (e) {
      if (e instanceof SignerError) {
        this.healthy = false
        throw e
      }
      // nostr-tools rejects with the bunker's own error text (a string) when the bunker said no;
      // anything else (no relay took the request, the connection closed) is the way, not the answer.
      if (typeof e === 'string') throw new SignerError('permanent', `The signer refused ${what}: ${e}`)
      this.healthy = false
      throw new SignerError(
        'transient',
        `The signer could not be reached for ${what} (${(e as Error)?.message ?? String(e)}). It is tried again later.`,
      )
    }
  }

  getPublicKey(): Promise<string> {
    return this.call('get_public_key', () => this.bunker.getPublicKey())
  }

  signEvent(template: EventTemplate): Promise<VerifiedEvent> {
    return this.call('sign_event', () => this.bunker.signEvent(template))
  }

  nip44Encrypt(peerHex: string, plaintext: string): Promise<string> {
    return this.call('nip44_encrypt', () => this.bunker.nip44Encrypt(peerHex, plaintext))
  }

  nip44Decrypt(peerHex: string, payload: string): Promise<string> {
    return this.call('nip44_decrypt', () => this.bunker.nip44Decrypt(peerHex, payload))
  }

  async close(): Promise<void> {
    await this.bunker.close().catch(() => undefined)
    this.pool.destroy()
  }
}

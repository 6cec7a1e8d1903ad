import WebSocket from 'ws'
import NDK, { NDKNip46Backend, NDKPrivateKeySigner } from '@nostr-dev-kit/ndk'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import type { RelayPeer } from './relay'

// NDK opens relays with the global WebSocket, which Node 20 does not have.
;(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket

/**
 * A real NIP-46 bunker (NDK's NDKNip46Backend) on a test relay: the operator's "phone". It
 * answers connect (with the secret of its bunker:// address), get_public_key, sign_event and
 * nip44_encrypt/decrypt, for clients it has accepted; `refuse` makes it say no, and
 * `sleep()` makes it stop answering (a phone in a pocket) until `wake()`.
 */
export class BunkerPeer {
  readonly secretKey = generateSecretKey()
  readonly pubkey = getPublicKey(this.secretKey)
  readonly secret = Math.random().toString(36).slice(2)
  refuse = false
  /** set: the next request needing approval is answered first with this auth_url (NIP-46), then approved */
  askApproval: string | null = null
  private readonly allowed = new Set<string>()
  private asleep: Promise<void> | null = null
  private wakeUp: (() => void) | null = null
  private ndk: NDK | undefined
  private backend: NDKNip46Backend | undefined

  constructor(private readonly relay: RelayPeer) {}

  get uri(): string {
    return `bunker://${this.pubkey}?relay=${encodeURIComponent(this.relay.url)}&secret=${this.secret}`
  }

  async start(): Promise<void> {
    const listening = this.relay.waitForReq((filters) => JSON.stringify(filters).includes(this.pubkey))
    const ndk = new NDK({ explicitRelayUrls: [this.relay.url], enableOutboxModel: false })
    await ndk.connect(2000)
    const backend = new NDKNip46Backend(
      ndk,
      new NDKPrivateKeySigner(Buffer.from(this.secretKey).toString('hex')),
      async ({ id, pubkey, method }) => {
        if (this.asleep && !this.askApproval) await this.asleep
        if (this.askApproval && method !== 'connect') {
          const url = this.askApproval
          this.askApproval = null
          await this.backend!.rpc.sendResponse(id, pubkey, 'auth_url', 24133, url)
          if (this.asleep) await this.asleep // the operator has not approved yet
        }
        return !this.refuse && (method === 'connect' || this.allowed.has(pubkey))
      },
      [this.relay.url],
    )
    backend.applyToken = async (pubkey: string, token: string) => {
      if (token !== this.secret) throw new Error('wrong secret')
      this.allowed.add(pubkey)
    }
    await backend.start()
    await listening
    this.ndk = ndk
    this.backend = backend
  }

  /**
   * The phone scans a nostrconnect:// offer: it accepts that client and answers with the offer's
   * secret (NDK's backend has no acceptor of its own; this is what signer apps do).
   */
  async acceptNostrConnect(uri: string): Promise<void> {
    const url = new URL(uri)
    const clientPubkey = url.hostname
    this.allowed.add(clientPubkey)
    await this.backend!.rpc.sendResponse(crypto.randomUUID(), clientPubkey, url.searchParams.get('secret') ?? '')
  }

  /** Stops answering what needs the operator's approval (signing, encryption), until wake(). */
  sleep(): void {
    this.asleep ??= new Promise((resolve) => (this.wakeUp = resolve))
  }

  wake(): void {
    this.wakeUp?.()
    this.asleep = null
    this.wakeUp = null
  }

  async stop(): Promise<void> {
    this.wake()
    for (const relay of this.ndk?.pool.relays.values() ?? []) relay.disconnect()
    this.ndk = undefined
    this.backend = undefined
  }
}

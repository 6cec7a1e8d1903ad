import WebSocket from 'ws'
import * as nip44 from 'nostr-tools/nip44'
import { finalizeEvent, getPublicKey, type Event } from 'nostr-tools/pure'
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay'
import { APP_EVENT_KIND, cassetteDTag, cassetteStateDTag, feeConfigDTag } from '../../src-shared/nostr/kinds'

useWebSocketImplementation(WebSocket)

type Positions = Record<string, { denomination: number; count: number }>

/**
 * The ATM's side of docs/wire-formats.md#kind-30078-events (development and tests only): publish its cassette state
 * to the operator, and read and decrypt what the operator sent it (cassettes, fees).
 */
export class AtmNostr {
  readonly pubkey: string

  constructor(
    private readonly secret: Uint8Array,
    private readonly operatorPubkey: string,
  ) {
    this.pubkey = getPublicKey(secret)
  }

  /** The bootstrap (or any later) state, encrypted to the operator. */
  stateEvent(positions: Positions, createdAt = Math.floor(Date.now() / 1000)): Event {
    const content = nip44.v2.encrypt(JSON.stringify({ positions }), nip44.v2.utils.getConversationKey(this.secret, this.operatorPubkey))
    return finalizeEvent(
      {
        kind: APP_EVENT_KIND,
        created_at: createdAt,
        tags: [
          ['d', cassetteStateDTag(this.pubkey)],
          ['p', this.operatorPubkey],
        ],
        content,
      },
      this.secret,
    )
  }

  async publish(relayUrl: string, event: Event): Promise<string> {
    const relay = await Relay.connect(relayUrl)
    try {
      return await relay.publish(event)
    } finally {
      relay.close()
    }
  }

  /** The newest event the operator addressed to this ATM under a d-tag, decrypted. */
  async read(relayUrl: string, what: 'cassettes' | 'fees'): Promise<{ event: Event; content: unknown } | null> {
    const d = what === 'cassettes' ? cassetteDTag(this.pubkey) : feeConfigDTag(this.pubkey)
    const relay = await Relay.connect(relayUrl)
    try {
      const events = await new Promise<Event[]>((resolve) => {
        const got: Event[] = []
        const sub = relay.subscribe([{ kinds: [APP_EVENT_KIND], authors: [this.operatorPubkey], '#d': [d] }], {
          onevent: (e) => void got.push(e),
          oneose: () => {
            sub.close()
            resolve(got)
          },
        })
      })
      const newest = events.sort((a, b) => b.created_at - a.created_at)[0]
      if (!newest) return null
      return {
        event: newest,
        content: JSON.parse(nip44.v2.decrypt(newest.content, nip44.v2.utils.getConversationKey(this.secret, newest.pubkey))),
      }
    } finally {
      relay.close()
    }
  }
}

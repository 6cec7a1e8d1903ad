import { getEventHash, type Event } from 'nostr-tools/pure'
import { verifySchnorr } from 'tiny-secp256k1'

/**
 * A signed Nostr event's check (NIP-01): its id is the hash of its content, and its sig is its
 * pubkey's BIP-340 signature of that id. The signature is checked by libsecp256k1 compiled to
 * WebAssembly (tiny-secp256k1), about six times faster here than nostr-tools' pure-JavaScript
 * verifier, which was most of the time of ingesting a sale (docs/performance.md).
 */
export function verifySignedEvent(event: Event): boolean {
  if (getEventHash(event) !== event.id) return false
  try {
    return verifySchnorr(Buffer.from(event.id, 'hex'), Buffer.from(event.pubkey, 'hex'), Buffer.from(event.sig, 'hex'))
  } catch {
    // libsecp256k1 throws for a pubkey that is not a point on the curve: no signature by it verifies
    return false
  }
}

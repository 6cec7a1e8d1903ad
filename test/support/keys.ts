import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'

/** A fresh, valid Nostr public key (hex and npub) for a test machine. */
export function newPubkey(): { hex: string; npub: string } {
  const hex = getPublicKey(generateSecretKey())
  return { hex, npub: npubEncode(hex) }
}

import * as nip44 from 'nostr-tools/nip44'
import { SignerError } from './signer'

/**
 * NIP-44 v2 as the app uses it (nostr-tools' implementation, checked against the official
 * vectors). Plaintexts are kept within 1..65535 bytes for interop with every NIP-44 revision.
 * Anything that cannot be decrypted is a permanent error: record it and skip it.
 */
export function conversationKey(secret: Uint8Array, peerHex: string): Uint8Array {
  try {
    return nip44.v2.utils.getConversationKey(secret, peerHex)
  } catch (e) {
    throw new SignerError('permanent', `No NIP-44 conversation with that key (${(e as Error).message}).`)
  }
}

export function encryptWith(key: Uint8Array, plaintext: string, nonce?: Uint8Array): string {
  const bytes = new TextEncoder().encode(plaintext).length
  if (bytes < 1 || bytes > 65535) throw new SignerError('permanent', `A NIP-44 message must be 1 to 65535 bytes, not ${bytes}.`)
  return nip44.v2.encrypt(plaintext, key, nonce)
}

export function decryptWith(key: Uint8Array, payload: string): string {
  try {
    return nip44.v2.decrypt(payload, key)
  } catch (e) {
    throw new SignerError('permanent', `The message cannot be decrypted (${(e as Error).message}).`)
  }
}

/**
 * Whether a payload has NIP-44 v2's shape (base64, version 2, within the size limits). Checked
 * before a bunker is asked to decrypt it: a bunker may not answer garbage at all, and a
 * message that can never decrypt must be a permanent refusal, not a timeout retried forever.
 */
export function looksLikeNip44(payload: string): boolean {
  if (payload.length < 132 || payload.length > 87472 || payload[0] === '#') return false
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return false
  return Buffer.from(payload, 'base64')[0] === 2
}

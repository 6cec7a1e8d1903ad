import type { EventTemplate, VerifiedEvent } from 'nostr-tools/pure'
import { withTimeout } from '../timeout'

/**
 * The operator's signer (docs/nostr.md#nostr), main process only. A local key or a NIP-46 bunker behind
 * one interface; the secret key itself never leaves the implementation.
 */
export interface Signer {
  readonly mode: 'local' | 'bunker'
  getPublicKey(): Promise<string>
  signEvent(template: EventTemplate): Promise<VerifiedEvent>
  nip44Encrypt(peerHex: string, plaintext: string): Promise<string>
  nip44Decrypt(peerHex: string, payload: string): Promise<string>
  close(): Promise<void>
}

/**
 * transient: try again later, advance no cursor (the bunker is away, a relay timed out);
 * permanent: record and skip (refused, undecryptable).
 */
export type SignerErrorKind = 'transient' | 'permanent'

export class SignerError extends Error {
  constructor(
    readonly kind: SignerErrorKind,
    message: string,
  ) {
    super(message)
    this.name = 'SignerError'
  }
}

/** A signer request raced against a timeout (NIP-46 requests have none of their own): no answer is transient. */
export function signerTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  return withTimeout(
    p,
    ms,
    () =>
      new SignerError(
        'transient',
        `The signer did not answer ${what} within ${Math.round(ms / 1000)} s (is the phone online?). It is tried again later.`,
      ),
  )
}

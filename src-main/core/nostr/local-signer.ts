import { finalizeEvent, getPublicKey, type EventTemplate, type VerifiedEvent } from 'nostr-tools/pure'
import { conversationKey, decryptWith, encryptWith } from './nip44'
import { SignerError, type Signer } from './signer'

/** A key held in this process's memory only while unlocked. */
export class LocalSigner implements Signer {
  readonly mode = 'local' as const
  private secret: Uint8Array | null
  private readonly pubkey: string

  constructor(secret: Uint8Array) {
    this.secret = Uint8Array.from(secret)
    this.pubkey = getPublicKey(this.secret)
  }

  private key(): Uint8Array {
    if (!this.secret) throw new SignerError('transient', 'The signer is locked: unlock it first.')
    return this.secret
  }

  async getPublicKey(): Promise<string> {
    return this.pubkey
  }

  async signEvent(template: EventTemplate): Promise<VerifiedEvent> {
    return finalizeEvent(template, this.key())
  }

  async nip44Encrypt(peerHex: string, plaintext: string): Promise<string> {
    return encryptWith(conversationKey(this.key(), peerHex), plaintext)
  }

  async nip44Decrypt(peerHex: string, payload: string): Promise<string> {
    return decryptWith(conversationKey(this.key(), peerHex), payload)
  }

  async close(): Promise<void> {
    this.secret?.fill(0) // the key does not outlive the lock
    this.secret = null
  }
}

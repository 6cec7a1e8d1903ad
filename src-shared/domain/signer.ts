import { z } from 'zod'

/** A passphrase for the NIP-49 encrypted key (when the OS keychain is not available, or by choice). */
const passphraseField = z.string({ error: 'must be text' }).min(8, 'must be at least 8 characters').max(256, 'is too long')

export const SignerCreateLocalArgs = z.strictObject({ passphrase: passphraseField.optional() })
export const SignerImportLocalArgs = z.strictObject({
  /** nsec1… or 64 hex characters; it is stored encrypted and never shown again */
  key: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  passphrase: passphraseField.optional(),
})
export const SignerUnlockArgs = z.strictObject({ passphrase: z.string({ error: 'is required' }).min(1, 'is required') })
export const SignerConnectBunkerArgs = z.strictObject({
  /** bunker://<pubkey>?relay=wss://…&secret=… */
  uri: z.string({ error: 'is required' }).trim().regex(/^bunker:\/\/[0-9a-f]{64}\?/i, 'must be a bunker:// address with at least one relay'),
})
export const SignerDisconnectArgs = z.strictObject({
  /** a local key is deleted for good: say so explicitly */
  forget_local_key: z.boolean({ error: 'must be true or false' }).default(false),
})
export const SignerStatusArgs = z.strictObject({})

export interface SignerStatus {
  mode: 'none' | 'local' | 'bunker'
  /** the operator's public key (hex and npub); never the secret key */
  pubkey: string | null
  npub: string | null
  /** a local key: unlocked in this process; a bunker: connected */
  ready: boolean
  /** how a local key is kept at rest */
  protection: 'os' | 'passphrase' | null
  bunker: { pubkey: string; relays: string[] } | null
}

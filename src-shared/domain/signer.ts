import { z } from 'zod'

/** A passphrase for the NIP-49 encrypted key (when the OS keychain is not available, or by choice). */
export const passphraseField = z.string({ error: 'must be text' }).min(8, 'must be at least 8 characters').max(256, 'is too long')

export const SignerCreateLocalArgs = z.strictObject({ passphrase: passphraseField.optional() })
export const SignerImportLocalArgs = z.strictObject({
  /** nsec1… or 64 hex characters; it is stored encrypted and never shown again */
  key: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  passphrase: passphraseField.optional(),
})
export const SignerUnlockArgs = z.strictObject({ passphrase: z.string({ error: 'is required' }).min(1, 'is required') })
export const SignerConnectBunkerArgs = z
  .strictObject({
    /** bunker://<pubkey>?relay=wss://…&secret=… (from the signer app) */
    uri: z
      .string({ error: 'must be text' })
      .trim()
      .regex(/^bunker:\/\/[0-9a-f]{64}\?/i, 'must be a bunker:// address with at least one relay')
      .optional(),
    /** or: offer a nostrconnect:// pairing on these relays, for the phone to scan */
    nostrconnect_relays: z
      .array(
        z
          .string()
          .trim()
          .regex(/^wss?:\/\/\S+$/, 'must be a relay address (wss://…)'),
        { error: 'must be a list of relays' },
      )
      .min(1, 'needs at least one relay')
      .max(5)
      .optional(),
  })
  .refine((a) => (a.uri === undefined) !== (a.nostrconnect_relays === undefined), {
    message: 'give a bunker:// address, or relays for a nostrconnect:// pairing',
    path: ['uri'],
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
  /** a nostrconnect:// offer waiting for the phone (show it as a QR code) */
  pairing: { uri: string; expires_at: string } | null
  /** the last pairing that did not complete, and why */
  pairing_error: string | null
  /** the bunker asks the operator to approve in a browser page */
  auth_url: string | null
}

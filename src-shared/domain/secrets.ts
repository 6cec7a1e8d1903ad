import { z } from 'zod'
import { passphraseField } from './signer'

/**
 * The data key seals every secret in the ledger (LNbits keys, LNURL destinations). At rest it is
 * wrapped by the OS keychain, or by the operator's passphrase; `none` is a new data folder where
 * neither was there yet, and the health check asks for a passphrase.
 */
export type DataKeyProtection = 'os' | 'passphrase' | 'none'

export interface SecretsStatus {
  protection: DataKeyProtection
  /** the sealed secrets cannot be read in this process: reading sales and payouts wait */
  locked: boolean
  /** when locked: why, and what to do */
  reason: string | null
  /** this process has a real OS keychain (the desktop app with a system keyring) */
  keychain: boolean
}

export const SecretsStatusArgs = z.strictObject({})
export const SecretsUnlockArgs = z.strictObject({ passphrase: z.string({ error: 'is required' }).min(1, 'is required') })
export const SecretsProtectArgs = z.discriminatedUnion(
  'with',
  [z.strictObject({ with: z.literal('passphrase'), passphrase: passphraseField }), z.strictObject({ with: z.literal('os') })],
  { error: 'with must be "passphrase" (and a passphrase) or "os"' },
)

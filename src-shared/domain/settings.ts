import { z } from 'zod'
import { pubkeyField } from '../contract/args'

export const SettingsGetArgs = z.strictObject({})

/** The operator's own settings; a field left out stays as it is, null clears it. */
export const SettingsUpdateArgs = z.strictObject({
  /** the platform's public key (npub or hex): its signed super config is the only one accepted */
  platform_npub: pubkeyField.nullable().optional(),
})

export interface Settings {
  /** canonical hex, or null when no platform key is set (then no super config is accepted) */
  platform_pubkey: string | null
  platform_npub: string | null
  /** the key this app signs with (its signer's), if it has one */
  operator_pubkey: string | null
  /** true when the app's own signer is the platform key: the platform fee is set here */
  platform_mode: boolean
}

import { z } from 'zod'
import { pubkeyField } from '../contract/args'

export const SettingsGetArgs = z.strictObject({})

/** The languages the UI speaks; `system` follows the computer's until one is chosen. */
export const UI_LANGUAGES = ['es', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]
export type LanguageChoice = UiLanguage | 'system'

/** The operator's own settings; a field left out stays as it is, null clears it. */
export const SettingsUpdateArgs = z.strictObject({
  /** the platform's public key (npub or hex): its signed super config is the only one accepted */
  platform_npub: pubkeyField.nullable().optional(),
  /** hours between automatic backups while the app runs (1 to 168) */
  backup_interval_hours: z.number({ error: 'must be a number of hours' }).int('must be whole hours').min(1).max(168).optional(),
  /** backups kept in the data folder (1 to 100) */
  backup_keep: z.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(100).optional(),
  /** health thresholds: a leg in flight or failed this long, a deposit pending, a wallet not read, the last backup */
  alert_leg_minutes: z.number().int().min(1).max(10_080).optional(),
  alert_deposit_hours: z.number().int().min(1).max(720).optional(),
  alert_sync_minutes: z.number().int().min(1).max(10_080).optional(),
  alert_backup_hours: z.number().int().min(1).max(720).optional(),
  /** the UI's language (the CLI speaks English) */
  language: z.enum(['system', ...UI_LANGUAGES], { error: 'must be system, es or en' }).optional(),
})

export interface Settings {
  /** canonical hex, or null when no platform key is set (then no super config is accepted) */
  platform_pubkey: string | null
  platform_npub: string | null
  /** the key this app signs with (its signer's), if it has one */
  operator_pubkey: string | null
  /** true when the app's own signer is the platform key: the platform fee is set here */
  platform_mode: boolean
  backup_interval_hours: number
  backup_keep: number
  alert_leg_minutes: number
  alert_deposit_hours: number
  alert_sync_minutes: number
  alert_backup_hours: number
  language: LanguageChoice
}

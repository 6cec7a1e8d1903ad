import { toNpub } from '../../../src-shared/nostr/pubkey'
import type { Settings } from '../../../src-shared/domain/settings'

export function toSettings(keys: { platform: string | undefined; operator: string | undefined }): Settings {
  return {
    platform_pubkey: keys.platform ?? null,
    platform_npub: keys.platform ? toNpub(keys.platform) : null,
    operator_pubkey: keys.operator ?? null,
    platform_mode: keys.platform !== undefined && keys.platform === keys.operator,
  }
}

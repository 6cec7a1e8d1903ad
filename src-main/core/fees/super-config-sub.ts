import type { Kysely } from 'kysely'
import type { PushEvent } from '../../../src-shared/contract/events'
import { SuperConfigUpdateArgs } from '../../../src-shared/domain/super-config'
import { APP_EVENT_KIND, SUPER_CONFIG_D_TAG } from '../../../src-shared/nostr/kinds'
import { appendAudit } from '../audit/log'
import type { AuditRecord } from '../env'
import type { Database } from '../ledger/schema'
import type { SecretBox } from '../secrets/box'
import { applySuperConfig } from './apply-super-config'
import { platformAndOperatorKeys } from './platform-mode'
import { SUPER_CONFIG_SUBSCRIPTION, loadSuperConfig, saveSuperConfig } from './queries'
import type { InboxSubscription } from '../relays/inbox'

/**
 * The platform's super config (docs/wire-formats.md#super-config), signed by the configured platform key, applied
 * like an edit: the fleet-wide cap is checked (a config that breaks it is rejected, naming the
 * machine) and every active ATM gets its new fees. Older versions than the one applied are
 * ignored. In platform mode the app is the author and applies its own edits directly.
 */
export function superConfigSubscription(deps: {
  db: Kysely<Database>
  secrets: SecretBox
  now(): string
  newId(): string
  emit(e: PushEvent): void
}): InboxSubscription {
  return {
    name: SUPER_CONFIG_SUBSCRIPTION,
    async filters() {
      const { platform, operator } = await platformAndOperatorKeys(deps.db)
      // In platform mode the app is the author: it applies its own edits directly.
      if (!platform || platform === operator) return null
      return [{ kinds: [APP_EVENT_KIND], authors: [platform], '#d': [SUPER_CONFIG_D_TAG] }]
    },
    async handle(event) {
      if (event.pubkey !== (await platformAndOperatorKeys(deps.db)).platform)
        return { outcome: 'rejected', reason: 'not signed by the platform key' }
      if (event.tags.find((t) => t[0] === 'd')?.[1] !== SUPER_CONFIG_D_TAG)
        return { outcome: 'rejected', reason: 'not a super config (d tag)' }
      const current = await loadSuperConfig(deps.db)
      if (current.source_created_at !== null && event.created_at <= current.source_created_at)
        return { outcome: 'ignored', reason: 'not newer than the config in force' }
      let body: Record<string, unknown>
      try {
        body = JSON.parse(event.content) as Record<string, unknown>
      } catch {
        return { outcome: 'rejected', reason: 'the content is not JSON' }
      }
      const { v, ...fields } = body ?? {}
      const parsed = SuperConfigUpdateArgs.safeParse(fields)
      if (v !== 1 || !parsed.success)
        return {
          outcome: 'rejected',
          reason: `not a v1 super config${parsed.success ? '' : ` (${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')})`}`,
        }
      const change = parsed.data
      return {
        outcome: 'applied',
        write: async (trx) => {
          const now = deps.now()
          const env = {
            db: trx,
            secrets: deps.secrets,
            now: deps.now,
            newId: deps.newId,
            emit: deps.emit,
            audit: (entry: AuditRecord) => appendAudit(trx, now, { ...entry, command: 'superConfig.received', actor: 'platform' }),
          }
          await applySuperConfig(env, {
            super_cash_in_fee_parts: change.super_cash_in_fee_fraction,
            super_cash_out_fee_parts: change.super_cash_out_fee_fraction,
            fee_destination: change.fee_destination,
          })
          await saveSuperConfig(trx, { source_event_id: event.id, source_created_at: event.created_at })
        },
      }
    },
  }
}

import { z } from 'zod'
import type { MessageRef } from '../messages/define'

export const HealthGetArgs = z.strictObject({})

export const HEALTH_STATES = ['ok', 'warning', 'problem', 'unknown'] as const
export type HealthState = (typeof HEALTH_STATES)[number]

/** One thing that can go wrong, as it stands: what it means, what to do, and where in the app. */
export interface HealthCheck {
  /** stable: `processing`, `signer`, `wallet:<binding id>`, `machine-wallet:<machine id>`, … */
  id: string
  state: HealthState
  title: string
  detail: string
  /** empty when all is well */
  action: string
  /** the page that does it */
  screen: string
  /**
   * The id and parameters of `title`, `detail` and `action` in the `health` catalog
   * (src-shared/messages/health.ts), for the UI to say them in its language (docs/i18n.md);
   * `action` is null when it is empty. The strings above stay the core's English.
   */
  refs?: { title: MessageRef; detail: MessageRef; action: MessageRef | null }
}

export interface Health {
  checked_at: string
  /** the worst state of any check */
  overall: HealthState
  checks: HealthCheck[]
}

export const AlertsListArgs = z.strictObject({
  /** only alerts raised, not acknowledged, and not back to normal since */
  open: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
})
export const AlertsAckArgs = z.strictObject({ id: z.string().min(1).max(64) })

/** An alert: a check that went wrong and held (raised), or came back to normal (cleared). */
export interface Alert {
  id: string
  check_id: string
  kind: 'raised' | 'cleared'
  state: HealthState
  title: string
  detail: string
  action: string
  screen: string
  at: string
  acked_at: string | null
  acked_by: string | null
  /** the words' message ids, for the UI's language (docs/i18n.md); absent on a cleared entry and on alerts from before they were kept */
  refs?: HealthCheck['refs']
}

export const AlertsNotifyTestArgs = z.strictObject({})

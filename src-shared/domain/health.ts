import { z } from 'zod'

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
}

export interface Health {
  checked_at: string
  /** the worst state of any check */
  overall: HealthState
  checks: HealthCheck[]
}

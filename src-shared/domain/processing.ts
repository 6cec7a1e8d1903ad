import { z } from 'zod'
import { textField } from '../contract/args'

export const ProcessingPauseArgs = z.strictObject({ reason: textField({ min: 0, max: 500 }).default('') })
/** 'one': process the oldest pending settlement now and stay paused (the careful way back); 'all': run again. */
export const ProcessingResumeArgs = z.strictObject({
  mode: z.enum(['all', 'one'], { error: "must be 'all' or 'one'" }).default('all'),
  /** after a restore: resume although the last reconciliation found payouts this ledger does not know (audited) */
  override_restore_check: z.boolean().default(false),
})
export const ProcessingStatusArgs = z.strictObject({})

export interface ProcessingStatus {
  paused: boolean
  changed_at: string | null
  changed_by: string | null
  reason: string | null
  pending: number
  processing: number
  /** why payouts cannot run although the switch is on (no wallet bound), or what waits (the signer locked); null when all can run */
  blocked: string | null
  /** with mode 'one': what the single settlement run did */
  ran?: { settlement_id: string; status: string; error: string | null } | null
}

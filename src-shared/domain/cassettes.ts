import { z } from 'zod'
import { idField } from '../contract/args'

const bay = z.strictObject({
  denomination: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000_000, 'is too large'),
  count: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'cannot be negative')
    .max(100_000, 'is too large'),
})

/** docs/wire-formats.md#cassette-positions-payload: {"positions": {"<bay>": {"denomination", "count"}}}; bays are the ATM's hardware slots, 1 and up. */
const NOT_A_BAY = 'is not a bay (bays are whole numbers from 1)'
export const CassettePositions = z
  .unknown()
  // A key such as "__proto__" would be dropped silently by the record below: it is refused here instead.
  .superRefine((raw, ctx) => {
    if (raw && typeof raw === 'object' && Object.prototype.hasOwnProperty.call(raw, '__proto__')) {
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: NOT_A_BAY })
    }
  })
  .pipe(
    z.record(z.string(), bay).superRefine((positions, ctx) => {
      for (const key of Object.keys(positions)) {
        if (!/^[1-9]\d{0,2}$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: NOT_A_BAY })
      }
    }),
  )
export const CassetteContent = z.object({ positions: CassettePositions })

export const CassettesListArgs = z.strictObject({ machine_id: idField })
export const CassettesPublishArgs = z.strictObject({ machine_id: idField, positions: CassettePositions })

export interface CassetteRow {
  position: number
  /** what the operator believes is loaded */
  denomination: number
  count: number
  updated_by: string
  updated_at: string
  /** what the ATM last reported, and when (unix seconds) */
  state_denomination: number | null
  state_count: number | null
  state_at: number | null
}

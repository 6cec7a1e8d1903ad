import { z } from 'zod'
import { fractionField, idField, textField } from '../contract/args'
import { destinationField } from './client'

const SAVED_POSITION = 'must be the position of a leg of the saved ruleset (0 to 49)'

const splitLeg = z.union(
  [
    z.strictObject({ client_id: idField, fraction: fractionField(10000, '1') }),
    z.strictObject({ destination: destinationField, label: textField({ min: 1, max: 80 }), fraction: fractionField(10000, '1') }),
    /**
     * the destination of an external leg of the ruleset being replaced, by its position, kept as it
     * is sealed: an edit need not retype a key it can only show by its ends. `shown` is that leg's
     * destination as splits.get showed it: a ruleset replaced meanwhile is refused, never paid to
     * whatever leg now has that position.
     */
    z.strictObject({
      shown: textField({ min: 1, max: 200 }),
      saved: z.number({ error: SAVED_POSITION }).int(SAVED_POSITION).min(0, SAVED_POSITION).max(49, SAVED_POSITION),
      label: textField({ min: 1, max: 80 }).optional(),
      fraction: fractionField(10000, '1'),
    }),
  ],
  { error: 'each leg is {client_id, fraction}, {destination, label, fraction} or {saved, shown, label?, fraction}' },
)

export const SplitsGetArgs = z.strictObject({
  /** omit for the operator default */
  machine_id: idField.optional(),
  /** with machine_id: the ruleset that applies (the override, else the default) */
  effective: z.boolean().default(false),
})
export const SplitsReplaceArgs = z.strictObject({
  machine_id: idField.optional(),
  legs: z.array(splitLeg).min(1, 'needs at least one leg (use splits.clear to remove a ruleset)').max(50),
})
export const SplitsClearArgs = z.strictObject({ machine_id: idField.optional() })

export interface SplitLeg {
  position: number
  target_kind: 'client' | 'external'
  client_id: string | null
  /** what may be shown: an address in full, a key only as its ends */
  destination: string | null
  label: string
  fraction: string
}

export interface SplitRuleset {
  /** the machine whose override this is, or null for the operator default */
  machine_id: string | null
  scope: 'default' | 'override' | 'none'
  legs: SplitLeg[]
  created_at: string | null
  created_by: string | null
}

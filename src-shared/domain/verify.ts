import { z } from 'zod'
import { idField } from '../contract/args'
import { destinationField } from './client'
import type { DestinationKind } from './destination'

export const DestinationVerifyArgs = z
  .strictObject({
    /** a destination to check before saving it */
    destination: destinationField.optional(),
    /** or an LP's saved destination: on success the LP is marked verified */
    client_id: idField.optional(),
  })
  .refine((a) => (a.destination === undefined) !== (a.client_id === undefined), {
    message: 'give exactly one of destination or client_id',
    path: ['destination'],
  })

export interface DestinationCheck {
  kind: DestinationKind
  ok: boolean
  /** what was checked, or what is wrong and what to do */
  detail: string
  min_sats: number | null
  max_sats: number | null
  verified_at: string | null
}

import { z } from 'zod'
import { fiatMinorField, idField, optionalNote, pageArgs, textField } from '../contract/args'

export const DEPOSIT_STATUSES = ['pending', 'confirmed', 'cancelled', 'reversed'] as const
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number]

export const depositFields = { amount: fiatMinorField(1), note: optionalNote }

export const DepositCreateArgs = z.strictObject({
  client_id: idField,
  machine_id: idField,
  amount: depositFields.amount,
  note: depositFields.note.default(''),
})
export const DepositUpdateArgs = z.strictObject({
  id: idField,
  amount: depositFields.amount.optional(),
  note: depositFields.note.optional(),
})
export const DepositSetStatusArgs = z.strictObject({
  id: idField,
  status: z.enum(['confirmed', 'cancelled'], { error: "must be 'confirmed' or 'cancelled'" }),
})
export const DepositListArgs = z.strictObject({
  ...pageArgs,
  client_id: idField.optional(),
  machine_id: idField.optional(),
  status: z.enum(DEPOSIT_STATUSES).optional(),
})
export const DepositIdArgs = z.strictObject({ id: idField })
/** A confirmed deposit taken back (over-counted, recorded twice), with the reason. */
export const DepositReverseArgs = z.strictObject({ id: idField, reason: textField({ min: 1, max: 2000, multiline: true }) })

export interface Deposit {
  id: string
  client_id: string
  machine_id: string
  /** fiat minor units */
  amount: number
  currency: string
  status: DepositStatus
  note: string
  created_at: string
  updated_at: string
  confirmed_at: string | null
  reversed_at: string | null
  reversal_reason: string | null
}

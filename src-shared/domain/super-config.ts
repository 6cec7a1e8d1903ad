import { z } from 'zod'
import { fractionField } from '../contract/args'
import { destinationField } from './client'
import { OPERATOR_FEE_MAX_PARTS } from './machine'

export const SuperConfigUpdateArgs = z.strictObject({
  super_cash_in_fee_fraction: fractionField(OPERATOR_FEE_MAX_PARTS, '0.15').optional(),
  super_cash_out_fee_fraction: fractionField(OPERATOR_FEE_MAX_PARTS, '0.15').optional(),
  fee_destination: destinationField.nullable().optional(),
})

export interface SuperConfig {
  super_cash_in_fee_fraction: string
  super_cash_out_fee_fraction: string
  fee_destination: string | null
  /** true when this app signs as the platform and may change it */
  platform_mode: boolean
  updated_at: string
}

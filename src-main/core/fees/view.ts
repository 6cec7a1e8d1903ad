import { formatFraction } from '../../../src-shared/money/fraction'
import type { SuperConfig } from '../../../src-shared/domain/super-config'
import type { SuperConfigTable } from '../ledger/schema'

export function toSuperConfig(row: SuperConfigTable, platformMode: boolean): SuperConfig {
  return {
    super_cash_in_fee_fraction: formatFraction(row.super_cash_in_fee_parts),
    super_cash_out_fee_fraction: formatFraction(row.super_cash_out_fee_parts),
    fee_destination: row.fee_destination,
    platform_mode: platformMode,
    updated_at: row.updated_at,
  }
}

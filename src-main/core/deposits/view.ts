import type { Deposit } from '../../../src-shared/domain/deposit'
import type { DepositsTable } from '../ledger/schema'

export function toDeposit(row: DepositsTable): Deposit {
  return { ...row }
}

import { CommandError } from '../contract/errors'
import { formatFraction } from '../money/fraction'
import { FEE_CAP_PARTS } from './machine'

export type FeeDirection = 'cash_in' | 'cash_out'

/**
 * The fee cap (docs/design.md#the-fee-cap): platform + operator fee <= 0.15 per direction; a
 * breach is the contract's `fee_cap_exceeded`, saying what to lower and to what. Parts are exact,
 * so the sum needs no rounding. Pure, so a form may ask it too; the core enforces it. `path` is
 * the field being edited: an operator fee (the machine forms) or a platform fee.
 */
export function checkFeeCap(
  direction: FeeDirection,
  superParts: number,
  operatorParts: number,
  machineName?: string,
  path = `operator_${direction}_fee_fraction`,
): void {
  const total = superParts + operatorParts
  if (total <= FEE_CAP_PARTS) return
  const who = machineName ? ` on machine "${machineName}"` : ''
  const remedy = path.startsWith('super')
    ? `Lower the operator ${direction} fee of that machine first, or the super fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - operatorParts))}.`
    : `Lower the operator ${direction} fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - superParts))}.`
  throw new CommandError(
    'fee_cap_exceeded',
    `The ${direction} fee${who} would be ${formatFraction(total)} (super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)}), above the cap of ${formatFraction(FEE_CAP_PARTS)}. ${remedy}`,
    [
      {
        path,
        message: `super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)} = ${formatFraction(total)} is above the ${formatFraction(FEE_CAP_PARTS)} cap`,
      },
    ],
  )
}

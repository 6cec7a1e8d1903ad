import { CommandError } from '../contract/errors'
import { formatFraction } from '../money/fraction'
import { FEE_CAP_PARTS } from './machine'

export type FeeDirection = 'cash_in' | 'cash_out'

/** One side of the cap that would be broken: what to say, and against which field. */
export interface FeeCapBreach {
  message: string
  path: string
  issue: string
}

/**
 * The fee cap (docs/design.md#the-fee-cap): platform + operator fee <= 0.15 per direction. Parts are
 * exact, so the sum needs no rounding. The forms ask it before they send; the core enforces it.
 * `path` is the field being edited: an operator fee (the machine forms) or a platform fee.
 */
export function feeCapBreach(
  direction: FeeDirection,
  superParts: number,
  operatorParts: number,
  machineName?: string,
  path = `operator_${direction}_fee_fraction`,
): FeeCapBreach | null {
  const total = superParts + operatorParts
  if (total <= FEE_CAP_PARTS) return null
  const who = machineName ? ` on machine "${machineName}"` : ''
  const remedy = path.startsWith('super')
    ? `Lower the operator ${direction} fee of that machine first, or the super fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - operatorParts))}.`
    : `Lower the operator ${direction} fee to at most ${formatFraction(Math.max(0, FEE_CAP_PARTS - superParts))}.`
  return {
    message: `The ${direction} fee${who} would be ${formatFraction(total)} (super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)}), above the cap of ${formatFraction(FEE_CAP_PARTS)}. ${remedy}`,
    path,
    issue: `super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)} = ${formatFraction(total)} is above the ${formatFraction(FEE_CAP_PARTS)} cap`,
  }
}

/** Throws the contract's `fee_cap_exceeded` when the cap would be broken. */
export function checkFeeCap(direction: FeeDirection, superParts: number, operatorParts: number, machineName?: string, path?: string): void {
  const breach = feeCapBreach(direction, superParts, operatorParts, machineName, path)
  if (breach) throw new CommandError('fee_cap_exceeded', breach.message, [{ path: breach.path, message: breach.issue }])
}

import { fieldIssue } from '../contract/args'
import type { MessageId } from '../messages'
import { refusal } from '../messages/refuse'
import { formatFraction } from '../money/fraction'
import { FEE_CAP_PARTS } from './machine'

export type FeeDirection = 'cash_in' | 'cash_out'

// The remedy (lowering the operator fee, or the platform fee too) and whether a machine is named are words of the sentence.
const CAP = {
  operator: { plain: 'fees.cap.operator', machine: 'fees.cap.operator.machine' },
  super: { plain: 'fees.cap.super', machine: 'fees.cap.super.machine' },
} as const satisfies Record<'operator' | 'super', Record<'plain' | 'machine', MessageId>>

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
  const remedy = path.startsWith('super') ? 'super' : 'operator'
  // the most the fee edited may be, the other one staying as it is
  const max = formatFraction(Math.max(0, FEE_CAP_PARTS - (remedy === 'super' ? operatorParts : superParts)))
  throw refusal(
    'fee_cap_exceeded',
    CAP[remedy][machineName ? 'machine' : 'plain'],
    {
      direction,
      ...(machineName ? { machine: machineName } : {}),
      total: formatFraction(total),
      super: formatFraction(superParts),
      operator: formatFraction(operatorParts),
      cap: formatFraction(FEE_CAP_PARTS),
      max,
    },
    [
      fieldIssue(
        path,
        `super ${formatFraction(superParts)} + operator ${formatFraction(operatorParts)} = ${formatFraction(total)} is above the ${formatFraction(FEE_CAP_PARTS)} cap`,
      ),
    ],
  )
}

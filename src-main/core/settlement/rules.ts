import { CommandError } from '../../../src-shared/contract/errors'
import { roundDiv } from '../../../src-shared/money/apportion'
import { FRACTION_SCALE, parseFraction } from '../../../src-shared/money/fraction'
import type { SettlementsTable } from '../ledger/schema'

/** A partial dispense is given exactly one way: the sats dispensed, or the fraction of them. */
export function checkOneDispensedAmount(given: { dispensed_sats?: number; dispensed_fraction?: string }): void {
  if ((given.dispensed_fraction === undefined) === (given.dispensed_sats === undefined)) {
    throw new CommandError('invalid_args', 'Give exactly one of dispensed_fraction or dispensed_sats.', [
      { path: 'dispensed_sats', message: 'give this or dispensed_fraction, not both' },
    ])
  }
}

/** Which settlements a partial dispense applies to: a cash-out not yet paid (pending, or errored before any money moved). */
export function checkPartialDispensable(s: Pick<SettlementsTable, 'direction' | 'status'>): void {
  if (s.direction !== 'cash_out')
    throw new CommandError('conflict', 'Only a cash-out dispenses cash; a cash-in cannot be partially dispensed.')
  if (s.status !== 'pending' && s.status !== 'errored') {
    throw new CommandError('conflict', `The settlement is ${s.status}; a partial dispense applies to a pending or errored settlement.`)
  }
}

/**
 * A partial dispense (an ATM jam): C' dispensed sats, from sats or from a fraction of C, and
 * F' = round(F * C' / C). What was not dispensed, C - C', is held for the customer's refund.
 */
export function dispensedAmounts(
  s: Pick<SettlementsTable, 'crypto_atoms' | 'fiat_amount'>,
  given: { dispensed_sats?: number; dispensed_fraction?: string },
) {
  const C = s.crypto_atoms
  const dispensed =
    given.dispensed_sats ?? Number(roundDiv(BigInt(C) * BigInt(fractionParts(given.dispensed_fraction!)), BigInt(FRACTION_SCALE)))
  if (dispensed <= 0 || dispensed > C) {
    throw new CommandError(
      'invalid_args',
      `The dispensed sats must be more than 0 and at most ${C}; got ${dispensed}. For nothing dispensed, void the settlement (settlements.void) with the reason.`,
      [
        {
          path: given.dispensed_sats !== undefined ? 'dispensed_sats' : 'dispensed_fraction',
          message: `must give between 1 and ${C} sats`,
        },
      ],
    )
  }
  return {
    dispensed_sats: dispensed,
    dispensed_fiat: Number(roundDiv(BigInt(s.fiat_amount) * BigInt(dispensed), BigInt(C))),
    held_sats: C - dispensed,
  }
}

/** The schema let only a fraction from 0 to 1 through; parsed here the one way fractions are. */
function fractionParts(text: string): number {
  const r = parseFraction(text)
  if (!r.ok) throw new CommandError('invalid_args', `dispensed_fraction ${r.reason}`, [{ path: 'dispensed_fraction', message: r.reason }])
  return r.parts
}

/**
 * A force-reset takes a settlement that has been pending or processing for at least the
 * threshold: younger, it may still be running. Returns the minutes it has been so.
 */
export function forceResetAge(
  s: Pick<SettlementsTable, 'status' | 'processing_at' | 'updated_at' | 'created_at'>,
  now: string,
  thresholdMinutes: number,
): { from: 'pending' | 'processing'; minutes: number } {
  if (s.status !== 'pending' && s.status !== 'processing') {
    throw new CommandError('conflict', `The settlement is ${s.status}; only a pending or processing settlement can be force-reset.`)
  }
  const since = s.status === 'processing' ? (s.processing_at ?? s.updated_at) : s.created_at
  const minutes = (Date.parse(now) - Date.parse(since)) / 60_000
  if (minutes < thresholdMinutes) {
    throw new CommandError(
      'conflict',
      `The settlement has been ${s.status} for only ${minutes.toFixed(1)} minutes (threshold ${thresholdMinutes}); it may still be running. Try again later.`,
    )
  }
  return { from: s.status, minutes }
}

/** What can be voided: a settlement that has not paid anything and is not running (pending or errored). */
export function checkVoidable(s: Pick<SettlementsTable, 'status'>, moving: { status: string; target_label: string }[]): void {
  if (s.status !== 'pending' && s.status !== 'errored') {
    throw new CommandError('conflict', `The settlement is ${s.status}; only a pending or errored settlement can be voided.`)
  }
  if (moving.length > 0) {
    throw new CommandError(
      'conflict',
      `${moving.length} payment(s) of this settlement already went out or may have (${moving.map((l) => l.target_label).join(', ')}); Lightning payments cannot be clawed back, so it cannot be voided. Retry it to finish paying.`,
    )
  }
}

import { fieldIssue } from '../../../src-shared/contract/args'
import type { MessageId } from '../../../src-shared/messages'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import { roundDiv } from '../../../src-shared/money/apportion'
import { FRACTION_SCALE, parseFraction } from '../../../src-shared/money/fraction'
import type { SettlementsTable } from '../ledger/schema'

type Status = SettlementsTable['status']

// The status is a word of the sentence: each status a refusal can name has its message.
const NOT_DISPENSABLE = {
  processing: 'settlement.partial.status.processing',
  completed: 'settlement.partial.status.completed',
  rejected: 'settlement.partial.status.rejected',
  voided: 'settlement.partial.status.voided',
} as const satisfies Record<Exclude<Status, 'pending' | 'errored'>, MessageId>

const NOT_RESETTABLE = {
  completed: 'settlement.force_reset.status.completed',
  errored: 'settlement.force_reset.status.errored',
  rejected: 'settlement.force_reset.status.rejected',
  voided: 'settlement.force_reset.status.voided',
} as const satisfies Record<Exclude<Status, 'pending' | 'processing'>, MessageId>

const TOO_YOUNG = {
  pending: 'settlement.force_reset.young.pending',
  processing: 'settlement.force_reset.young.processing',
} as const satisfies Record<Extract<Status, 'pending' | 'processing'>, MessageId>

const NOT_VOIDABLE = {
  processing: 'settlement.void.status.processing',
  completed: 'settlement.void.status.completed',
  rejected: 'settlement.void.status.rejected',
  voided: 'settlement.void.status.voided',
} as const satisfies Record<Exclude<Status, 'pending' | 'errored'>, MessageId>

/** A partial dispense is given exactly one way: the sats dispensed, or the fraction of them. */
export function checkOneDispensedAmount(given: { dispensed_sats?: number; dispensed_fraction?: string }): void {
  if ((given.dispensed_fraction === undefined) === (given.dispensed_sats === undefined)) {
    throw refusal('invalid_args', 'settlement.dispensed.one_of', undefined, [
      refusalIssue('dispensed_sats', 'settlement.dispensed.one_of.issue'),
    ])
  }
}

/** Which settlements a partial dispense applies to: a cash-out not yet paid (pending, or errored before any money moved). */
export function checkPartialDispensable(s: Pick<SettlementsTable, 'direction' | 'status'>): void {
  if (s.direction !== 'cash_out') throw refusal('conflict', 'settlement.partial.cash_in')
  if (s.status !== 'pending' && s.status !== 'errored') {
    throw refusal('conflict', NOT_DISPENSABLE[s.status])
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
    throw refusal('invalid_args', 'settlement.dispensed.range', { max: C, got: dispensed }, [
      refusalIssue(given.dispensed_sats !== undefined ? 'dispensed_sats' : 'dispensed_fraction', 'settlement.dispensed.range.issue', {
        max: C,
      }),
    ])
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
  if (!r.ok)
    throw refusal('invalid_args', 'settlement.dispensed.fraction', { reason: r.reason }, [fieldIssue('dispensed_fraction', r.reason)])
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
    throw refusal('conflict', NOT_RESETTABLE[s.status])
  }
  const since = s.status === 'processing' ? (s.processing_at ?? s.updated_at) : s.created_at
  const minutes = (Date.parse(now) - Date.parse(since)) / 60_000
  if (minutes < thresholdMinutes) {
    throw refusal('conflict', TOO_YOUNG[s.status], { minutes: minutes.toFixed(1), threshold: thresholdMinutes })
  }
  return { from: s.status, minutes }
}

/** What can be voided: a settlement that has not paid anything and is not running (pending or errored). */
export function checkVoidable(s: Pick<SettlementsTable, 'status'>, moving: { status: string; target_label: string }[]): void {
  if (s.status !== 'pending' && s.status !== 'errored') {
    throw refusal('conflict', NOT_VOIDABLE[s.status])
  }
  if (moving.length > 0) {
    throw refusal('conflict', 'settlement.void.moving', {
      count: moving.length,
      legs: moving.map((l) => l.target_label).join(', '),
    })
  }
}

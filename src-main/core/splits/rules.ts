import type { Kysely } from 'kysely'
import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import { formatFraction } from '../../../src-shared/money/fraction'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { Database, SplitLegsTable } from '../ledger/schema'

/**
 * A ruleset is whole or refused: fractions summing to exactly 1.0000, and each LP leg one of the
 * machine's LPs with a payout destination, named once. The operator default names no LP (it
 * applies to every machine).
 */
export async function checkRuleset(
  db: Kysely<Database>,
  machineId: string | null,
  legs: ParsedArgsOf<'splits.replace'>['legs'],
): Promise<void> {
  const total = legs.reduce((a, l) => a + l.fraction, 0)
  if (total !== 10_000) {
    const params = { total: formatFraction(total) }
    throw refusal('invalid_args', 'splits.sum', params, [refusalIssue('legs', 'splits.sum.issue', params)])
  }
  const seen = new Set<string>()
  for (const [i, leg] of legs.entries()) {
    if (!('client_id' in leg)) continue
    if (machineId === null) {
      throw refusal('invalid_args', 'splits.default.names_lp', undefined, [
        refusalIssue(`legs.${i}.client_id`, 'splits.default.names_lp.issue'),
      ])
    }
    const client = await db
      .selectFrom('clients')
      .select(['id', 'machine_id', 'destination_kind'])
      .where('id', '=', leg.client_id)
      .executeTakeFirst()
    if (!client || client.machine_id !== machineId) {
      throw refusal('invalid_args', 'splits.leg.not_this_machine', { leg: i + 1 }, [
        refusalIssue(`legs.${i}.client_id`, 'splits.leg.not_this_machine.issue'),
      ])
    }
    if (!client.destination_kind) {
      throw refusal('invalid_args', 'splits.leg.no_destination', { leg: i + 1 }, [
        refusalIssue(`legs.${i}.client_id`, 'splits.leg.no_destination.issue'),
      ])
    }
    if (seen.has(leg.client_id))
      throw refusal('invalid_args', 'splits.leg.twice', { leg: i + 1 }, [refusalIssue(`legs.${i}.client_id`, 'splits.leg.twice.issue')])
    seen.add(leg.client_id)
  }
}

/**
 * The external leg at `saved` of the ruleset being replaced, whose sealed destination a new leg
 * keeps: it must still show what the editor saw there (else the ruleset changed meanwhile), and be
 * kept once only.
 */
export function savedExternalLeg(
  legs: SplitLegsTable[] | undefined,
  leg: { saved: number; shown: string },
  position: number,
  taken: Set<number>,
): SplitLegsTable {
  const kept = legs?.find((l) => l.position === leg.saved)
  if (kept?.target_kind !== 'external' || kept.destination !== leg.shown)
    throw refusal('conflict', 'splits.leg.saved_missing', { leg: position + 1, saved: leg.saved + 1 }, [
      refusalIssue(`legs.${position}.saved`, 'splits.leg.saved_missing.issue'),
    ])
  if (taken.has(leg.saved))
    throw refusal('invalid_args', 'splits.leg.saved_twice', { leg: position + 1, saved: leg.saved + 1 }, [
      refusalIssue(`legs.${position}.saved`, 'splits.leg.saved_twice.issue'),
    ])
  taken.add(leg.saved)
  return kept
}

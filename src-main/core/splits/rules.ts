import type { Kysely } from 'kysely'
import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import { CommandError } from '../../../src-shared/contract/errors'
import { formatFraction } from '../../../src-shared/money/fraction'
import type { Database } from '../ledger/schema'

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
    throw new CommandError(
      'invalid_args',
      `The fractions sum to ${formatFraction(total)}; they must sum to exactly 1.0000. Nothing was changed.`,
      [{ path: 'legs', message: `fractions sum to ${formatFraction(total)}, not 1.0000` }],
    )
  }
  const seen = new Set<string>()
  for (const [i, leg] of legs.entries()) {
    if (!('client_id' in leg)) continue
    if (machineId === null) {
      throw new CommandError(
        'invalid_args',
        "The operator default ruleset applies to every machine, so it cannot name one machine's LP; use an external destination, or set a per-machine override.",
        [{ path: `legs.${i}.client_id`, message: 'is not allowed in the default ruleset' }],
      )
    }
    const client = await db
      .selectFrom('clients')
      .select(['id', 'machine_id', 'destination_kind'])
      .where('id', '=', leg.client_id)
      .executeTakeFirst()
    if (!client || client.machine_id !== machineId) {
      throw new CommandError('invalid_args', `Leg ${i + 1} names an LP that is not one of this machine's.`, [
        { path: `legs.${i}.client_id`, message: 'is not an LP of this machine' },
      ])
    }
    if (!client.destination_kind) {
      throw new CommandError('invalid_args', `Leg ${i + 1} names an LP without a payout destination.`, [
        { path: `legs.${i}.client_id`, message: 'has no payout destination' },
      ])
    }
    if (seen.has(leg.client_id))
      throw new CommandError('invalid_args', `Leg ${i + 1} names the same LP twice; merge them into one leg.`, [
        { path: `legs.${i}.client_id`, message: 'appears twice' },
      ])
    seen.add(leg.client_id)
  }
}

import { formatFraction } from '../../../src-shared/money/fraction'
import type { SplitRuleset } from '../../../src-shared/domain/splits'
import type { SplitLegsTable, SplitRulesetsTable } from '../ledger/schema'

export function toSplitRuleset(
  machineId: string | null,
  scope: SplitRuleset['scope'],
  found: { ruleset: SplitRulesetsTable | null; legs: SplitLegsTable[] } | undefined,
): SplitRuleset {
  return {
    machine_id: machineId,
    scope: found?.ruleset ? scope : 'none',
    legs: (found?.legs ?? []).map((l) => ({
      position: l.position,
      target_kind: l.target_kind,
      client_id: l.client_id,
      destination: l.destination,
      label: l.label,
      fraction: formatFraction(l.fraction_parts),
    })),
    created_at: found?.ruleset?.created_at ?? null,
    created_by: found?.ruleset?.created_by ?? null,
  }
}

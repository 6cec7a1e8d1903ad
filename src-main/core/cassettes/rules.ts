import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { CassetteConfigsTable, MachinesTable } from '../ledger/schema'

/**
 * The bays are the ATM's hardware: a loading must name exactly the bays it reported. No rows
 * yet means the ATM has not reported: waiting for it is a state, said as such.
 */
export function checkBaySet(machine: MachinesTable, rows: CassetteConfigsTable[], positions: Record<string, unknown>): void {
  if (rows.length === 0) {
    throw refusal('conflict', 'cassettes.not_reported', { name: machine.name })
  }
  const stored = rows.map((r) => r.position)
  const given = Object.keys(positions).map(Number)
  const missing = stored.filter((p) => !given.includes(p))
  const extra = given.filter((p) => !stored.includes(p)).sort((a, b) => a - b)
  if (missing.length || extra.length) {
    throw refusal(
      'invalid_args',
      missing.length && extra.length ? 'cassettes.bays.missing_extra' : missing.length ? 'cassettes.bays.missing' : 'cassettes.bays.extra',
      { bays: stored.join(', '), missing: missing.join(', '), extra: extra.join(', ') },
      [refusalIssue('positions', 'cassettes.bays.issue')],
    )
  }
}

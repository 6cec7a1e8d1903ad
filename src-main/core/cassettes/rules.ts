import { CommandError } from '../../../src-shared/contract/errors'
import type { CassetteConfigsTable, MachinesTable } from '../ledger/schema'

/**
 * The bays are the ATM's hardware: a loading must name exactly the bays it reported. No rows
 * yet means the ATM has not reported: waiting for it is a state, said as such.
 */
export function checkBaySet(machine: MachinesTable, rows: CassetteConfigsTable[], positions: Record<string, unknown>): void {
  if (rows.length === 0) {
    throw new CommandError(
      'conflict',
      `Waiting for the ATM: "${machine.name}" has not reported its cassettes yet. They appear here once it does.`,
    )
  }
  const stored = rows.map((r) => r.position)
  const given = Object.keys(positions).map(Number)
  const missing = stored.filter((p) => !given.includes(p))
  const extra = given.filter((p) => !stored.includes(p)).sort((a, b) => a - b)
  if (missing.length || extra.length) {
    throw new CommandError(
      'invalid_args',
      `The bays must be the ones the ATM has (${stored.join(', ')}).${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${extra.length ? ` Not on this ATM: ${extra.join(', ')}.` : ''}`,
      [{ path: 'positions', message: 'must be exactly the bays the ATM reported' }],
    )
  }
}

import { CommandError } from '../../../src-shared/contract/errors'
import type { ClientsTable, DepositsTable, MachinesTable } from '../ledger/schema'

/** Only a pending deposit is edited, confirmed, cancelled or deleted; a confirmed one is corrected by a new one. */
export function requirePending(row: DepositsTable, what: string): void {
  if (row.status !== 'pending') {
    throw new CommandError(
      'conflict',
      `This deposit is ${row.status}; only a pending deposit can be ${what}. Record a new deposit to correct a confirmed one.`,
    )
  }
}

/** A deposit is taken for an onboarded LP of the machine: the sats it buys must have somewhere to go. */
export function checkDepositable(client: ClientsTable, machine: MachinesTable): void {
  if (client.machine_id !== machine.id) {
    throw new CommandError('invalid_args', `LP "${client.name}" belongs to another machine, not "${machine.name}".`, [
      { path: 'machine_id', message: "is not this LP's machine" },
    ])
  }
  if (client.status !== 'active') {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is inactive: an inactive LP takes no new deposits (what they have left keeps receiving DCA until it is zero or settled). Activate them first to record a deposit.`,
      [{ path: 'client_id', message: 'is inactive' }],
    )
  }
  // Onboarded = a payout destination that was checked live: sats bought with this deposit must have somewhere to go.
  if (!client.destination_kind) {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is not onboarded: they have no payout destination yet, so sats bought with this deposit would have nowhere to go. Add their Lightning address, LNURL or LNbits key, then verify it.`,
      [{ path: 'client_id', message: 'is not onboarded (no payout destination)' }],
    )
  }
  if (!client.destination_verified_at) {
    throw new CommandError(
      'conflict',
      `LP "${client.name}" is not onboarded: their payout destination (${client.payout_destination}) has not been verified. Verify it first (LPs → Verify, or destinations.verify); nothing is paid by the check.`,
      [{ path: 'client_id', message: 'is not onboarded (destination not verified)' }],
    )
  }
}

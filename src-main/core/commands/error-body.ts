import type { TransactionMode } from '../../../src-shared/contract/commands'
import { CommandError, type ErrorBody } from '../../../src-shared/contract/errors'
import { SignerError } from '../nostr/signer'

/**
 * Maps anything thrown to the contract's error body; only the unanticipated become `internal`.
 * What it says was kept depends on how the command ran: a `write` command wrote nothing, an `own`
 * command keeps the steps it had finished.
 */
export function toErrorBody(e: unknown, mode: TransactionMode = 'write'): ErrorBody {
  if (e instanceof CommandError) return e.toBody()
  // The signer away is worth retrying; a refusal (or an undecryptable message) is not.
  if (e instanceof SignerError) return { code: e.kind === 'transient' ? 'unavailable' : 'forbidden', message: e.message }
  const err = e as { code?: unknown; message?: unknown }
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
    // The schema caught what the core's own checks should have: still a clear refusal, nothing written.
    return { code: 'conflict', message: `The ledger refused the change: ${String(err.message)}` }
  }
  if (typeof err?.code === 'string' && err.code === 'SQLITE_BUSY') {
    return { code: 'unavailable', message: 'The ledger is busy (another SatMachine Operator process is writing). Try again in a moment.' }
  }
  const kept =
    mode === 'own' ? 'The steps finished before it are kept (the audit log lists them); nothing after it was done.' : 'Nothing was changed.'
  return { code: 'internal', message: `Unexpected error: ${String(err?.message ?? e)}. ${kept}` }
}

/**
 * Typed errors of the command contract. Every transport (IPC, bridge, CLI) carries the
 * same `ErrorBody`, so a caller sees the same code and message whichever way it came.
 */
export const ERROR_CODES = [
  'invalid_args', // the arguments do not satisfy the command's schema or a field rule
  'unknown_command', // no command of that name
  'not_found', // the entity named does not exist
  'conflict', // unique key or state conflict (e.g. duplicate machine pubkey)
  'fee_cap_exceeded', // super + operator fee above 15% for a direction
  'forbidden', // the caller may not do this (e.g. super config outside platform mode)
  'unauthorized', // bridge: missing or wrong token
  'ledger_error', // the ledger could not be opened or migrated
  'unavailable', // the core is not reachable (transport closed)
  'internal', // a bug: anything not anticipated
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** One problem with one input field; `path` names the field as the caller sent it. */
export interface FieldIssue {
  path: string
  message: string
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  issues?: FieldIssue[]
}

export class CommandError extends Error {
  readonly code: ErrorCode
  readonly issues: FieldIssue[] | undefined

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message)
    this.name = 'CommandError'
    this.code = code
    this.issues = issues
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }

  static fromBody(body: ErrorBody): CommandError {
    return new CommandError(body.code, body.message, body.issues)
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string'
}

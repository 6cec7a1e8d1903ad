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

/**
 * The id and parameters of a message beside its English text, for the UI to say it in its own
 * language (docs/i18n.md); absent for a message not in a catalog yet.
 */
export interface Translatable {
  message_id?: string
  params?: Record<string, string | number>
}

/** One problem with one input field; `path` names the field as the caller sent it. */
export interface FieldIssue extends Translatable {
  path: string
  message: string
}

export interface ErrorBody extends Translatable {
  code: ErrorCode
  message: string
  issues?: FieldIssue[]
}

export class CommandError extends Error {
  readonly code: ErrorCode
  readonly issues: FieldIssue[] | undefined
  /** the message's id and parameters, when it is in a catalog */
  readonly ref: Translatable

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[], ref: Translatable = {}) {
    super(message)
    this.name = 'CommandError'
    this.code = code
    this.issues = issues
    this.ref = ref
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.ref.message_id ? { message_id: this.ref.message_id, ...(this.ref.params ? { params: this.ref.params } : {}) } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    }
  }

  static fromBody(body: ErrorBody): CommandError {
    return new CommandError(body.code, body.message, body.issues, { message_id: body.message_id, params: body.params })
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string'
}

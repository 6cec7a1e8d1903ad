import type { ErrorBody } from './errors'

/** The envelope every transport returns for a call: never a thrown error across a boundary. */
export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorBody }

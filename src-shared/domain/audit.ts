import { z } from 'zod'
import { idField, pageArgs } from '../contract/args'

export const AuditListArgs = z.strictObject({ ...pageArgs, entity: z.string().max(40).optional(), entity_id: idField.optional() })
export const AuditVerifyArgs = z.strictObject({})

export interface AuditRow {
  seq: number
  at: string
  actor: string
  command: string
  entity: string
  entity_id: string
  before: unknown
  after: unknown
  hash: string
}

export interface AuditVerification {
  rows: number
  intact: boolean
  /** the first row whose hash does not follow from its predecessor */
  broken_at: number | null
  /** a head the chain was known to reach (kept in the settings, in a backup, or on the relays) that it no longer holds */
  cut_short: { known_seq: number; known_hash: string; known_from: string; message: string } | null
  /** the newest head the app published to its relays, as they hold it now (null: none yet, or none could be read) */
  relay_head: { seq: number; hash: string; published_at: string } | null
  /** why a relay, or the head it holds, could not be read: the check went on without it */
  relay_errors: string[]
  /** audit heads published with the operator's key for other ledgers: another installation, or this ledger's name was changed */
  other_ledgers: { ledger_id: string; published_at: string }[]
  /** heads known but left out of the check, and why (those of the chain a restore replaced) */
  not_checked: { seq: number; known_from: string; reason: string }[]
}

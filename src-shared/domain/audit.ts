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
  /** a head the chain was known to reach (kept in the settings, or in a backup) that it no longer holds */
  cut_short: { known_seq: number; known_hash: string; known_from: string; message: string } | null
}

import { z } from 'zod'

/** ws:// is for a relay on this computer or a test network; the world uses wss://. */
export const relayUrlField = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^wss?:\/\/[a-z0-9.\-[\]:]+(\/[^\s]*)?$/i, 'must be a relay address (wss://relay.example.com)')
  .transform((s) => s.replace(/\/+$/, ''))

export const RelayAddArgs = z.strictObject({ url: relayUrlField })
export const RelayRemoveArgs = z.strictObject({ url: relayUrlField })
export const RelayListArgs = z.strictObject({})

export interface RelayStatus {
  url: string
  /** idle: not used yet in this process */
  state: 'idle' | 'connecting' | 'connected' | 'offline'
  last_error: string | null
  /** ms since the epoch: the next attempt after a failure */
  retry_at: number | null
  attempts: number
}

export interface RelayEntry extends RelayStatus {
  enabled: boolean
  added_at: string
}

export const OUTBOX_STATUSES = ['intent', 'signed', 'delivered', 'superseded'] as const
export const OutboxListArgs = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).optional(),
  limit: z.number().int().min(1).max(500).default(100),
})

export interface OutboxItem {
  id: string
  d_tag: string
  kind: number
  recipient_pubkey: string | null
  status: (typeof OUTBOX_STATUSES)[number]
  event_id: string | null
  event_created_at: number | null
  last_error: string | null
  /** per relay: whether it confirmed (OK true), and what it said */
  relays: { url: string; ok: boolean | null; message: string | null; attempts: number }[]
  created_at: string
  updated_at: string
}

import { z } from 'zod'
import type { Alert, Health } from './health'

/** "Today" is the operator's day: the UI sends its clock's offset from UTC (minutes east, Guatemala -360). */
export const TodayGetArgs = z.strictObject({ utc_offset_minutes: z.number().int().min(-840).max(840).default(0) })

export interface SalesFigures {
  sales: number
  /** sats the sales moved (cash-outs in, cash-ins out) */
  sats: number
  /** fiat minor units */
  fiat: number
  commission_sats: number
}

export interface MachineToday {
  machine_id: string
  name: string
  fiat_code: string
  today: SalesFigures
  week: SalesFigures
  /** what the machine's LPs have left to buy with, fiat minor units */
  lp_remaining_fiat: number
}

/** What is still to set up on a new install, in the order it is done. */
export interface SetupChecklist {
  machine: boolean
  wallet: boolean
  relay: boolean
  signer: boolean
  platform_key: boolean
  first_lp: boolean
}

export interface Today {
  generated_at: string
  /** the day and the week (the last 7 days with today) as the operator's clock counts them, in UTC */
  day_starts_at: string
  week_starts_at: string
  health: Health
  open_alerts: Alert[]
  machines: MachineToday[]
  setup: SetupChecklist
}

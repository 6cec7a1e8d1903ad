import { z } from 'zod'
import type { OutboxItem } from './relays'
import { fiatCodeField, fractionField, idField, pageArgs, pubkeyField, textField } from '../contract/args'

/** Each operator fee fraction is at most 0.15; the cap on super + operator is checked in the core. */
export const OPERATOR_FEE_MAX_PARTS = 1500
export const FEE_CAP_PARTS = 1500

export const machineFields = {
  name: textField({ min: 1, max: 80 }),
  location: textField({ min: 0, max: 200 }),
  machine_npub: pubkeyField,
  fiat_code: fiatCodeField,
  operator_cash_in_fee_fraction: fractionField(OPERATOR_FEE_MAX_PARTS, '0.15'),
  operator_cash_out_fee_fraction: fractionField(OPERATOR_FEE_MAX_PARTS, '0.15'),
}

export const MachineCreateArgs = z.strictObject({
  name: machineFields.name,
  location: machineFields.location.default(''),
  machine_npub: machineFields.machine_npub,
  fiat_code: machineFields.fiat_code,
  operator_cash_in_fee_fraction: machineFields.operator_cash_in_fee_fraction,
  operator_cash_out_fee_fraction: machineFields.operator_cash_out_fee_fraction,
})

export const MachineListArgs = z.strictObject({
  ...pageArgs,
  include_inactive: z.boolean({ error: 'must be true or false' }).default(true),
})

export const MachineGetArgs = z.strictObject({ id: idField })

export interface Machine {
  id: string
  name: string
  location: string
  /** canonical lowercase hex of the ATM's Nostr public key */
  machine_pubkey: string
  /** the same key as an npub, for display */
  machine_npub: string
  fiat_code: string
  operator_cash_in_fee_fraction: string
  operator_cash_out_fee_fraction: string
  is_active: boolean
  created_at: string
  updated_at: string
}

export const MachineUpdateArgs = z.strictObject({
  id: idField,
  name: machineFields.name.optional(),
  location: machineFields.location.optional(),
  machine_npub: machineFields.machine_npub.optional(),
  /** refused once the machine has deposits or settlements: balances are in that currency */
  fiat_code: machineFields.fiat_code.optional(),
  operator_cash_in_fee_fraction: machineFields.operator_cash_in_fee_fraction.optional(),
  operator_cash_out_fee_fraction: machineFields.operator_cash_out_fee_fraction.optional(),
  is_active: z.boolean({ error: 'must be true or false' }).optional(),
})

export const MachineDeactivateArgs = z.strictObject({ id: idField })

export const MachineFeeConfigArgs = z.strictObject({ id: idField })

/** One direction of a fee config: decimal fractions, total = super + operator. */
export interface FeeSide {
  super: string
  operator: string
  total: string
}

/** What a fee config tells an ATM (docs/wire-formats.md#fee-config). */
export interface FeeConfigContent {
  v: 1
  fiat_code: string
  cash_in: FeeSide
  cash_out: FeeSide
}

/**
 * A machine's fee config delivery: what the ATM should hold now, the last one queued for it
 * (with what each relay said) and whether the two agree.
 */
export interface MachineFeeConfig {
  machine_id: string
  current: FeeConfigContent
  last: (OutboxItem & { content: FeeConfigContent }) | null
  /** the last one queued says what `current` says (it may still be on its way: see last.status) */
  in_step: boolean
}

import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import { formatFraction } from '../../../src-shared/money/fraction'
import type { SuperConfig } from '../../../src-shared/domain/super-config'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import { openDestination, storeDestination } from '../destinations/store'
import type { SecretBox } from '../secrets/box'
import type { HandlerEnv } from '../env'
import type { Database, SuperConfigTable } from '../ledger/schema'
import { SETTING, readSetting } from '../settings/store'
import type { Handler } from '../handler'
import { queueFeeConfig } from './fee-config'
import { queuePublish } from '../relays/outbox'
import { checkFeeCap } from '../machines/handlers'

export async function loadSuperConfig(db: Kysely<Database>): Promise<SuperConfigTable> {
  return db.selectFrom('super_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
}

/** Platform mode: the app's own signer is the configured platform key. */
async function isPlatformMode(db: Kysely<Database>): Promise<boolean> {
  const platform = await readSetting<string>(db, SETTING.platformPubkey)
  const operator = await readSetting<string>(db, SETTING.operatorPubkey)
  return platform !== undefined && platform === operator
}

function view(row: SuperConfigTable, platformMode: boolean): SuperConfig {
  return {
    super_cash_in_fee_fraction: formatFraction(row.super_cash_in_fee_parts),
    super_cash_out_fee_fraction: formatFraction(row.super_cash_out_fee_parts),
    fee_destination: row.fee_destination,
    platform_mode: platformMode,
    updated_at: row.updated_at,
  }
}

export interface SuperConfigChange {
  super_cash_in_fee_parts?: number
  super_cash_out_fee_parts?: number
  fee_destination?: { kind: DestinationKind; value: string } | null
}

/**
 * Applies a super-config change after checking the fee cap against every active machine.
 * Shared by superConfig.update (platform mode) and, later, the signed event from the platform.
 */
/** What applying a super config needs: the command's environment, or the inbox's (the platform's signed event). */
export type SuperConfigEnv = Pick<HandlerEnv, 'db' | 'secrets' | 'now' | 'newId' | 'audit' | 'emit'>

export async function applySuperConfig(env: SuperConfigEnv, change: SuperConfigChange, command: string): Promise<SuperConfigTable> {
  const before = await loadSuperConfig(env.db)
  const next: SuperConfigTable = {
    ...before,
    super_cash_in_fee_parts: change.super_cash_in_fee_parts ?? before.super_cash_in_fee_parts,
    super_cash_out_fee_parts: change.super_cash_out_fee_parts ?? before.super_cash_out_fee_parts,
    updated_at: env.now(),
  }
  if (change.fee_destination !== undefined) {
    const dest = change.fee_destination ? storeDestination(env.secrets, change.fee_destination) : null
    Object.assign(next, { fee_destination: dest?.display ?? null, fee_destination_kind: dest?.kind ?? null, fee_destination_enc: dest?.sealed ?? null })
  }
  const machines = await env.db.selectFrom('machines').select(['name', 'operator_cash_in_fee_parts', 'operator_cash_out_fee_parts']).where('is_active', '=', 1).orderBy('id').execute()
  for (const m of machines) {
    checkFeeCap('cash_in', next.super_cash_in_fee_parts, m.operator_cash_in_fee_parts, m.name, 'super_cash_in_fee_fraction')
    checkFeeCap('cash_out', next.super_cash_out_fee_parts, m.operator_cash_out_fee_parts, m.name, 'super_cash_out_fee_fraction')
  }
  const { id: _id, ...values } = next
  await env.db.updateTable('super_config').set(values).where('id', '=', 1).execute()
  // A new platform fraction changes every active ATM's fees (the destination alone does not).
  if (next.super_cash_in_fee_parts !== before.super_cash_in_fee_parts || next.super_cash_out_fee_parts !== before.super_cash_out_fee_parts) {
    for (const m of await env.db.selectFrom('machines').selectAll().where('is_active', '=', 1).orderBy('id').execute()) await queueFeeConfig(env.db, m, next, env.newId(), next.updated_at)
  }
  const platformMode = await isPlatformMode(env.db)
  await env.audit({ command, entity: 'super_config', entity_id: '1', before: view(before, platformMode), after: view(next, platformMode) })
  env.emit({ name: 'superConfig.changed', payload: {} })
  return next
}

export const getSuperConfig: Handler<'superConfig.get'> = async (_args, env) => view(await loadSuperConfig(env.db), await isPlatformMode(env.db))

export const updateSuperConfig: Handler<'superConfig.update'> = async (args, env) => {
  if (!(await isPlatformMode(env.db))) {
    throw new CommandError(
      'forbidden',
      "Only the platform sets the platform fee. This app is not signing with the platform's key, so the fee comes from the platform's signed config and is read-only here.",
    )
  }
  const next = await applySuperConfig(
    env,
    { super_cash_in_fee_parts: args.super_cash_in_fee_fraction, super_cash_out_fee_parts: args.super_cash_out_fee_fraction, fee_destination: args.fee_destination },
    'superConfig.update',
  )
  // In platform mode the app signs the super config for every operator (DESIGN §6.5).
  await queuePublish(env.db, { id: env.newId(), now: next.updated_at, kind: 30078, d_tag: SUPER_CONFIG_D_TAG, recipient: null, encrypt: false, content: superConfigContent(next, env.secrets) })
  return view(next, true)
}


export const SUPER_CONFIG_D_TAG = 'satmachine-super-config'

/** The super config as the platform publishes it (plaintext, signed by the platform key): the destination in full, so operators can pay it. */
export function superConfigContent(c: SuperConfigTable, secrets: SecretBox) {
  const dest = openDestination(secrets, c.fee_destination_kind, c.fee_destination_enc)
  return { v: 1, super_cash_in_fee_fraction: formatFraction(c.super_cash_in_fee_parts), super_cash_out_fee_fraction: formatFraction(c.super_cash_out_fee_parts), fee_destination: dest?.value ?? null }
}

import type { SecretBox } from '../secrets/box'
import type { DestinationKind } from '../../../src-shared/domain/destination'
import { checkFeeCap } from '../../../src-shared/domain/fee-cap'
import type { TxEnv } from '../env'
import type { SuperConfigTable } from '../ledger/schema'
import { storeDestination } from '../destinations/store'
import { activeMachines } from '../machines/queries'
import { queueFeeConfig } from './fee-config'
import { isPlatformMode } from './platform-mode'
import { loadSuperConfig, saveSuperConfig } from './queries'
import { toSuperConfig } from './view'

export interface SuperConfigChange {
  super_cash_in_fee_parts?: number
  super_cash_out_fee_parts?: number
  fee_destination?: { kind: DestinationKind; value: string } | null
}

/** What applying a super config needs: a command's transaction, or the inbox's (the platform's signed event). */
export type SuperConfigEnv = Pick<TxEnv, 'db' | 'now' | 'newId' | 'audit' | 'emit'> & { secrets: SecretBox }

/**
 * Applies a super-config change after checking the fee cap against every active machine, and
 * queues the new fees for each of them when a platform fraction changed (the destination alone
 * changes nothing the ATM charges). Used by superConfig.update (platform mode) and by the
 * platform's signed event.
 */
export async function applySuperConfig(env: SuperConfigEnv, change: SuperConfigChange): Promise<SuperConfigTable> {
  const before = await loadSuperConfig(env.db)
  const next: SuperConfigTable = {
    ...before,
    super_cash_in_fee_parts: change.super_cash_in_fee_parts ?? before.super_cash_in_fee_parts,
    super_cash_out_fee_parts: change.super_cash_out_fee_parts ?? before.super_cash_out_fee_parts,
    updated_at: env.now(),
  }
  if (change.fee_destination !== undefined) {
    const dest = change.fee_destination ? storeDestination(env.secrets, change.fee_destination) : null
    Object.assign(next, {
      fee_destination: dest?.display ?? null,
      fee_destination_kind: dest?.kind ?? null,
      fee_destination_enc: dest?.sealed ?? null,
    })
  }
  const machines = await activeMachines(env.db)
  for (const m of machines) {
    checkFeeCap('cash_in', next.super_cash_in_fee_parts, m.operator_cash_in_fee_parts, m.name, 'super_cash_in_fee_fraction')
    checkFeeCap('cash_out', next.super_cash_out_fee_parts, m.operator_cash_out_fee_parts, m.name, 'super_cash_out_fee_fraction')
  }
  const { id: _id, ...values } = next
  await saveSuperConfig(env.db, values)
  if (
    next.super_cash_in_fee_parts !== before.super_cash_in_fee_parts ||
    next.super_cash_out_fee_parts !== before.super_cash_out_fee_parts
  ) {
    for (const m of machines) await queueFeeConfig(env.db, m, next, env.newId(), next.updated_at)
  }
  const platformMode = await isPlatformMode(env.db)
  await env.audit({
    entity: 'super_config',
    entity_id: '1',
    before: toSuperConfig(before, platformMode),
    after: toSuperConfig(next, platformMode),
  })
  env.emit({ name: 'superConfig.changed', payload: {} })
  return next
}

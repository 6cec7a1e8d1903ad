import { refusal } from '../../../src-shared/messages/refuse'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { feeConfigDelivery } from './fee-config'
import { applySuperConfig } from './apply-super-config'
import { isPlatformMode } from './platform-mode'
import { loadSuperConfig } from './queries'
import { queueSuperConfig } from './super-config-event'
import { toSuperConfig } from './view'

export const getSuperConfig: Handler<'superConfig.get'> = async (_args, env) =>
  toSuperConfig(await loadSuperConfig(env.db), await isPlatformMode(env.db))

export const updateSuperConfig: Handler<'superConfig.update'> = async (args, env) => {
  if (!(await isPlatformMode(env.db))) {
    throw refusal('forbidden', 'fees.platform_only')
  }
  const next = await applySuperConfig(env, {
    super_cash_in_fee_parts: args.super_cash_in_fee_fraction,
    super_cash_out_fee_parts: args.super_cash_out_fee_fraction,
    fee_destination: args.fee_destination,
  })
  await queueSuperConfig(env.db, next, env.secrets, env.newId())
  return toSuperConfig(next, true)
}

export const machineFeeConfig: Handler<'machines.feeConfig'> = async (args, env) =>
  feeConfigDelivery(env.db, await loadMachine(env.db, args.id), await loadSuperConfig(env.db))

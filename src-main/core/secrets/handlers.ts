import type { SecretsStatus } from '../../../src-shared/domain/secrets'
import type { CommandEnv, Handler } from '../env'

// The data key's commands: thin over DataKey, which keeps the key to itself.
export const secretsStatus: Handler<'secrets.status'> = async (_args, env) => env.secrets.status()

export const unlockSecrets: Handler<'secrets.unlock'> = async (args, env) => changed(env, await env.secrets.unlock(args.passphrase))

/** A change of protection is audited (which protection, never a secret). */
export const protectSecrets: Handler<'secrets.protect'> = async (args, env) => {
  const before = env.secrets.status().protection
  const status = await env.secrets.protect(args)
  await env.transaction((tx) =>
    tx.audit({ entity: 'data_key', entity_id: env.secrets.id, before: { protection: before }, after: { protection: status.protection } }),
  )
  return changed(env, status)
}

function changed(env: Pick<CommandEnv, 'emit'>, status: SecretsStatus): SecretsStatus {
  env.emit({ name: 'secrets.changed', payload: { protection: status.protection, locked: status.locked } })
  return status
}

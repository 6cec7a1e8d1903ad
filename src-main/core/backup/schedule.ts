import type { Reply } from '../../../src-shared/contract/reply'
import type { CallContext } from '../env'
import type { Logger } from '../log'
import { BACKUP_DEFAULTS } from './settings'
import { periodic, type BackgroundService } from '../processing/loop'

/**
 * Backs the ledger up into the data folder while the app runs (docs/design.md#backups): every
 * `interval_hours` (a setting, 6 by default), counted from the newest backup, and once more on
 * quit. Checked every few minutes (the first time a few minutes after the start), so a laptop that
 * slept catches up when it wakes.
 */
export function startBackupSchedule(
  core: { call(name: string, args: unknown, ctx: CallContext): Promise<Reply> },
  opts: { logger: Logger; checkEveryMs?: number },
): BackgroundService {
  const backup = async (reason: 'scheduled' | 'quit') => {
    const r = await core.call('backup.create', { reason }, { actor: 'auto' })
    if (!r.ok) opts.logger.warn('automatic backup failed', { reason, error: r.error.message })
  }
  const due = async (): Promise<boolean> => {
    const [list, settings] = await Promise.all([
      core.call('backup.list', {}, { actor: 'auto' }),
      core.call('settings.get', {}, { actor: 'auto' }),
    ])
    for (const r of [list, settings]) if (!r.ok) opts.logger.warn('cannot tell whether a backup is due', { error: r.error.message })
    if (!list.ok || !settings.ok) return false
    const hours = (settings.result as { backup_interval_hours?: number }).backup_interval_hours ?? BACKUP_DEFAULTS.intervalHours
    const newest = (list.result as { manifest: { created_at: string } }[])[0]?.manifest.created_at
    return !newest || Date.now() - Date.parse(newest) >= hours * 3_600_000
  }
  const schedule = periodic(
    async () => {
      if (await due()) await backup('scheduled')
    },
    opts.checkEveryMs ?? 5 * 60_000,
  )
  return {
    async stop() {
      await schedule.stop()
      await backup('quit')
    },
  }
}

import type { Alert, HealthCheck } from '../../../src-shared/domain/health'
import type { OwnEnv } from '../env'
import type { AlertsTable } from '../ledger/schema'
import { healthOf } from './checks'
import { toAlert } from './view'

/** A condition raises an alert once it has held this many rounds in a row: one bad reading is not an alert. */
export const ROUNDS_TO_RAISE = 2

/**
 * One round of alerts (docs/health.md#alerts), at the end of each sync round: every check is
 * evaluated; a warning or problem that has held `ROUNDS_TO_RAISE` rounds is raised (once: not
 * again while it stays the same; again if it gets worse or better without clearing), and a
 * check that is ok again after a raised alert is cleared with a "back to normal" entry.
 */
export async function alertRound(env: OwnEnv): Promise<{ raised: Alert[]; cleared: Alert[] }> {
  const health = await healthOf(env)
  return env.transaction(async (tx) => {
    const raised: Alert[] = []
    const cleared: Alert[] = []
    const now = tx.now()
    for (const check of health.checks) {
      const prev = await tx.db.selectFrom('health_state').selectAll().where('check_id', '=', check.id).executeTakeFirst()
      const streak = prev && prev.state === check.state ? prev.streak + 1 : 1
      await tx.db
        .insertInto('health_state')
        .values({ check_id: check.id, state: check.state, streak, since: streak === 1 ? now : prev!.since, updated_at: now })
        .onConflict((oc) =>
          oc.column('check_id').doUpdateSet({ state: check.state, streak, since: streak === 1 ? now : prev!.since, updated_at: now }),
        )
        .execute()
      const open = await lastRaised(tx.db, check.id)
      if ((check.state === 'warning' || check.state === 'problem') && streak >= ROUNDS_TO_RAISE && open?.state !== check.state)
        raised.push(await record(tx, 'raised', check, now))
      else if (check.state === 'ok' && open)
        cleared.push(await record(tx, 'cleared', { ...check, detail: `Back to normal: ${check.detail}` }, now))
    }
    if (raised.length + cleared.length > 0)
      tx.emit({
        name: 'alerts.changed',
        payload: { raised: raised.map((a) => ({ id: a.id, title: a.title, detail: a.detail, state: a.state })), cleared: cleared.length },
      })
    return { raised, cleared }
  })
}

/** The check's newest entry, when it is a raised alert (an open one). */
async function lastRaised(db: OwnEnv['db'], checkId: string): Promise<AlertsTable | undefined> {
  const last = await db
    .selectFrom('alerts')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return last?.kind === 'raised' ? last : undefined
}

async function record(
  tx: Parameters<Parameters<OwnEnv['transaction']>[0]>[0],
  kind: Alert['kind'],
  check: HealthCheck,
  at: string,
): Promise<Alert> {
  const row: AlertsTable = {
    id: tx.newId(),
    check_id: check.id,
    kind,
    state: check.state,
    title: check.title,
    detail: check.detail,
    action: check.action,
    screen: check.screen,
    at,
    acked_at: null,
    acked_by: null,
    // a cleared entry's words are its own ("Back to normal: …"), not the check's
    refs_json: kind === 'raised' && check.refs ? JSON.stringify(check.refs) : null,
  }
  await tx.db.insertInto('alerts').values(row).execute()
  return toAlert(row)
}

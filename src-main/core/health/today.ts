import type { Kysely } from 'kysely'
import type { MachineToday, SalesFigures, SetupChecklist, Today } from '../../../src-shared/domain/today'
import type { CommandEnv } from '../env'
import type { Database } from '../ledger/schema'
import { lpBalances } from '../clients/remaining'
import { readSetting, SETTING } from '../settings/store'
import { healthOf } from './checks'
import { openAlerts } from './queries'

/**
 * The Today screen (docs/health.md#the-today-screen): what needs the operator now, and how the
 * day went. Sales count once recorded and not rejected or voided; their sats and fiat as sold,
 * their commission once planned.
 */
export async function todayOf(
  env: Pick<CommandEnv, 'db' | 'now' | 'signer' | 'relays' | 'backups' | 'secrets'>,
  utcOffsetMinutes: number,
): Promise<Today> {
  const now = env.now()
  const day = startOfLocalDay(now, utcOffsetMinutes)
  const week = new Date(Date.parse(day) - 6 * 86_400_000).toISOString()
  const machines = await env.db
    .selectFrom('machines')
    .select(['id', 'name', 'fiat_code'])
    .where('is_active', '=', 1)
    .orderBy('created_at')
    .execute()
  const rows: MachineToday[] = []
  for (const m of machines) {
    const remaining = (await lpBalances(env.db, { machine_id: m.id })).reduce((a, b) => a + Math.max(0, b.remaining), 0)
    rows.push({
      machine_id: m.id,
      name: m.name,
      fiat_code: m.fiat_code,
      today: await figures(env.db, m.id, day),
      week: await figures(env.db, m.id, week),
      lp_remaining_fiat: remaining,
    })
  }
  return {
    generated_at: now,
    day_starts_at: day,
    week_starts_at: week,
    health: await healthOf(env),
    open_alerts: await openAlerts(env.db, 50),
    machines: rows,
    setup: await setup(env, machines.length > 0),
  }
}

/** Midnight of the operator's day, in UTC. */
function startOfLocalDay(nowIso: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(nowIso) + offsetMinutes * 60_000)
  local.setUTCHours(0, 0, 0, 0)
  return new Date(local.getTime() - offsetMinutes * 60_000).toISOString()
}

async function figures(db: Kysely<Database>, machineId: string, since: string): Promise<SalesFigures> {
  const r = await db
    .selectFrom('settlements')
    .select((eb) => [
      eb.fn.countAll<number>().as('sales'),
      eb.fn.coalesce(eb.fn.sum<number>('crypto_atoms'), eb.lit(0)).as('sats'),
      eb.fn.coalesce(eb.fn.sum<number>('fiat_amount'), eb.lit(0)).as('fiat'),
      eb.fn.coalesce(eb.fn.sum<number>('commission_sats'), eb.lit(0)).as('commission_sats'),
    ])
    .where('machine_id', '=', machineId)
    .where('created_at', '>=', since)
    .where('status', 'not in', ['rejected', 'voided'])
    .executeTakeFirstOrThrow()
  return { sales: Number(r.sales), sats: Number(r.sats), fiat: Number(r.fiat), commission_sats: Number(r.commission_sats) }
}

async function setup(env: Pick<CommandEnv, 'db' | 'signer'>, machine: boolean): Promise<SetupChecklist> {
  const has = async (table: 'wallet_bindings' | 'relays' | 'clients') =>
    (
      await env.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n > 0
  return {
    machine,
    wallet: await has('wallet_bindings'),
    relay: await has('relays'),
    signer: (await env.signer.status()).mode !== 'none',
    platform_key: (await readSetting<string>(env.db, SETTING.platformPubkey)) !== undefined,
    first_lp: await has('clients'),
  }
}

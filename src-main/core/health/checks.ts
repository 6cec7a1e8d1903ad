import type { Kysely } from 'kysely'
import type { Health, HealthCheck, HealthState } from '../../../src-shared/domain/health'
import type { CommandEnv } from '../env'
import type { Database } from '../ledger/schema'
import { readSwitch } from '../processing/switch'
import { loadSettings } from '../settings/view'
import { readSetting, SETTING } from '../settings/store'
import { knownAuditHeads, missingHead } from '../audit/known-heads'
import type { RelayAuditHead } from '../audit/log'

const RANK: Record<HealthState, number> = { ok: 0, unknown: 1, warning: 2, problem: 3 }
const minutesAgo = (now: string, m: number) => new Date(Date.parse(now) - m * 60_000).toISOString()
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * Every health check (docs/health.md), from the ledger and the services as they stand now: no
 * network call is made here (LNbits is judged by what the last sync and test found). The
 * thresholds are settings.
 */
export async function healthOf(env: Pick<CommandEnv, 'db' | 'now' | 'signer' | 'relays' | 'backups' | 'secrets'>): Promise<Health> {
  const now = env.now()
  const settings = await loadSettings(env.db)
  const checks: HealthCheck[] = [
    await processing(env.db),
    ...(await machineWallets(env.db, now, settings.alert_sync_minutes)),
    dataKey(env),
    await signer(env),
    await relays(env),
    await outbox(env.db, now),
    await legs(env.db, now, settings.alert_leg_minutes),
    await settlements(env.db),
    await deposits(env.db, now, settings.alert_deposit_hours),
    await destinations(env.db),
    await unattributed(env.db),
    await reconciliation(env.db),
    await audit(env),
    backup(env, now, settings.alert_backup_hours),
  ]
  const overall = checks.reduce<HealthState>((w, c) => (RANK[c.state] > RANK[w] ? c.state : w), 'ok')
  return { checked_at: now, overall, checks }
}

const ok = (id: string, title: string, detail: string, screen: string): HealthCheck => ({
  id,
  state: 'ok',
  title,
  detail,
  action: '',
  screen,
})

async function processing(db: Kysely<Database>): Promise<HealthCheck> {
  const sw = await readSwitch(db)
  return sw.paused
    ? {
        id: 'processing',
        state: 'warning',
        title: 'Payouts are paused',
        detail: `Paused by ${sw.changed_by ?? 'someone'}${sw.reason ? ` (${sw.reason})` : ''}: no sale is read and nothing is paid.`,
        action: 'Resume from the switch in the header once the cause is fixed (first "one settlement", to look).',
        screen: '/',
      }
    : ok('processing', 'Payouts run', 'Sales are read and paid as they come.', '/')
}

async function machineWallets(db: Kysely<Database>, now: string, staleMinutes: number): Promise<HealthCheck[]> {
  const machines = await db.selectFrom('machines').select(['id', 'name']).where('is_active', '=', 1).orderBy('created_at').execute()
  const wallets = await db
    .selectFrom('wallet_bindings as w')
    .leftJoin('ingestion_cursors as c', 'c.wallet_binding_id', 'w.id')
    .select(['w.id', 'w.machine_id', 'w.last_test_ok', 'w.last_test_error', 'c.last_success_at', 'c.last_error', 'c.last_error_at'])
    .where('w.role', '=', 'machine')
    .execute()
  return machines.map((m): HealthCheck => {
    const w = wallets.find((x) => x.machine_id === m.id)
    const id = `machine:${m.id}`
    if (!w)
      return {
        id,
        state: 'problem',
        title: `${m.name}: no wallet bound`,
        detail: 'Its sales are not read and nothing is paid for them.',
        action: "Bind the machine's LNbits wallet (Settings → LNbits wallets).",
        screen: '/settings',
      }
    if (w.last_test_ok === 0)
      return {
        id,
        state: 'problem',
        title: `${m.name}: LNbits refused the wallet`,
        detail: w.last_test_error ?? 'The last test of its keys failed.',
        action: 'Test the wallet again; if its keys were reset in LNbits, rotate them (Settings → LNbits wallets).',
        screen: '/settings',
      }
    if (w.last_error && (!w.last_success_at || w.last_error_at! > w.last_success_at))
      return {
        id,
        state: 'problem',
        title: `${m.name}: its wallet could not be read`,
        detail: w.last_error,
        action: 'Check that LNbits is running and reachable; nothing is missed, the next sync reads from where it stopped.',
        screen: '/settlements',
      }
    if (!w.last_success_at)
      return {
        id,
        state: 'unknown',
        title: `${m.name}: not read yet`,
        detail: 'Its wallet has not been read since it was bound.',
        action: 'Sync now (Settlements).',
        screen: '/settlements',
      }
    if (w.last_success_at < minutesAgo(now, staleMinutes))
      return {
        id,
        state: 'warning',
        title: `${m.name}: not read for a while`,
        detail: `Its wallet was last read ${w.last_success_at}, more than ${staleMinutes} minutes ago.`,
        action: 'Is the app syncing? Sync now, and check that payouts are not paused.',
        screen: '/settlements',
      }
    return ok(id, `${m.name}: wallet read`, `Last read ${w.last_success_at}.`, '/settlements')
  })
}

/** The data key that seals the LNbits keys and destinations: open, and wrapped at rest. */
function dataKey(env: Pick<CommandEnv, 'secrets'>): HealthCheck {
  const s = env.secrets.status()
  if (s.locked)
    return {
      id: 'secrets',
      state: s.protection === 'passphrase' ? 'warning' : 'problem',
      title: "The ledger's secrets are locked",
      detail: `No sale is read and nothing is paid until they open. ${s.reason ?? ''}`.trim(),
      action:
        s.protection === 'passphrase'
          ? 'Unlock them with your passphrase (Settings → Stored keys).'
          : s.protection === 'os' && !s.keychain
            ? 'Open this data folder with the desktop app (or its --cli), where the keychain is.'
            : 'Restore a sealed backup file (Settings → Backups): it carries the data key. The runbook covers a lost data key.',
      screen: '/settings',
    }
  if (s.protection === 'none')
    return {
      id: 'secrets',
      state: 'warning',
      title: 'The LNbits keys are not protected at rest',
      detail: 'The data key that seals them lies unwrapped beside the ledger: whoever copies the data folder can read them.',
      action: s.keychain
        ? 'Wrap it with the OS keychain or a passphrase (Settings → Stored keys).'
        : 'There is no OS keychain here: choose a passphrase (Settings → Stored keys).',
      screen: '/settings',
    }
  return ok(
    'secrets',
    'Secrets protected',
    s.protection === 'os' ? 'The data key is wrapped by the OS keychain.' : 'The data key is wrapped by your passphrase.',
    '/settings',
  )
}

async function signer(env: Pick<CommandEnv, 'signer'>): Promise<HealthCheck> {
  const s = await env.signer.status()
  if (s.mode === 'none')
    return {
      id: 'signer',
      state: 'warning',
      title: 'No signer',
      detail: 'Fee configs and cassette counts for the ATMs wait in the outbox until there is one.',
      action: 'Create or import a key, or connect your phone (Settings → Your Nostr signer).',
      screen: '/settings',
    }
  if (!s.ready)
    return {
      id: 'signer',
      state: 'warning',
      title: s.mode === 'local' ? 'The signer is locked' : 'The phone signer is away',
      detail: 'What the ATMs must receive waits in the outbox.',
      action:
        s.mode === 'local'
          ? 'Unlock it with its passphrase (Settings → Your Nostr signer).'
          : 'Open the signer app on your phone, or connect it again.',
      screen: '/settings',
    }
  return ok('signer', 'Signer ready', `Signing as ${s.npub}.`, '/settings')
}

async function relays(env: Pick<CommandEnv, 'db' | 'relays'>): Promise<HealthCheck> {
  const rows = await env.db.selectFrom('relays').select(['url', 'enabled']).where('enabled', '=', 1).execute()
  if (rows.length === 0)
    return {
      id: 'relays',
      state: 'warning',
      title: 'No relay',
      detail: 'The app cannot reach your ATMs or the platform.',
      action: 'Add a relay your ATMs use (Settings → Relays).',
      screen: '/settings',
    }
  const offline = rows.map((r) => env.relays.status(r.url)).filter((s) => s.state === 'offline')
  if (offline.length === 0) return ok('relays', 'Relays reachable', `${plural(rows.length, 'relay')} in use.`, '/settings')
  return {
    id: 'relays',
    state: offline.length === rows.length ? 'problem' : 'warning',
    title: offline.length === rows.length ? 'No relay answers' : `${plural(offline.length, 'relay')} not answering`,
    detail: offline.map((s) => `${s.url}: ${s.last_error ?? 'offline'}`).join('; '),
    action: 'Check the network; the app tries again by itself, and what waits stays in the outbox.',
    screen: '/settings',
  }
}

async function outbox(db: Kysely<Database>, now: string): Promise<HealthCheck> {
  const oldest = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('status', 'in', ['intent', 'signed'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()
  if (!oldest || oldest.created_at > minutesAgo(now, 15))
    return ok('outbox', 'Outbox sent', 'Nothing has waited more than 15 minutes.', '/settings')
  return {
    id: 'outbox',
    state: 'warning',
    title: 'The outbox is waiting',
    detail: `Its oldest message has waited since ${oldest.created_at}: an ATM may not have its fees or cassette counts.`,
    action: 'Check the signer and the relays (Settings).',
    screen: '/settings',
  }
}

async function legs(db: Kysely<Database>, now: string, minutes: number): Promise<HealthCheck> {
  const rows = await db
    .selectFrom('legs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['in_flight', 'failed'])
    .where('updated_at', '<', minutesAgo(now, minutes))
    .groupBy('status')
    .execute()
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  if (n('in_flight') + n('failed') === 0)
    return ok('legs', 'Payouts moving', `No leg has been in flight or failed for more than ${minutes} minutes.`, '/payments')
  return {
    id: 'legs',
    state: 'problem',
    title: 'Payouts stuck',
    detail: `${plural(n('in_flight'), 'leg')} in flight and ${plural(n('failed'), 'leg')} failed for more than ${minutes} minutes.`,
    action:
      'Open the stuck settlements: retry the failed ones after fixing the reason; in-flight ones are asked by their hash on every sync.',
    screen: '/settlements',
  }
}

async function settlements(db: Kysely<Database>): Promise<HealthCheck> {
  const rows = await db
    .selectFrom('settlements')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['errored', 'rejected'])
    .groupBy('status')
    .execute()
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  if (n('errored') + n('rejected') === 0)
    return ok('settlements', 'No settlement waits for you', 'None errored or rejected.', '/settlements')
  return {
    id: 'settlements',
    state: n('errored') > 0 ? 'problem' : 'warning',
    title: 'Settlements wait for you',
    detail: `${plural(n('errored'), 'errored settlement')} (retry after fixing the reason) and ${plural(n('rejected'), 'rejected one')} (a bad attestation: check it, nothing was paid).`,
    action: 'Open the stuck worklist on the Settlements page.',
    screen: '/settlements',
  }
}

async function deposits(db: Kysely<Database>, now: string, hours: number): Promise<HealthCheck> {
  const r = await db
    .selectFrom('deposits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('created_at', '<', minutesAgo(now, hours * 60))
    .executeTakeFirstOrThrow()
  const n = Number(r.n)
  if (n === 0) return ok('deposits', 'Deposits confirmed', `None has been pending more than ${hours} hours.`, '/deposits')
  return {
    id: 'deposits',
    state: 'warning',
    title: 'Deposits pending',
    detail: `${plural(n, 'deposit')} pending for more than ${hours} hours: that fiat buys nothing until it is confirmed.`,
    action: 'Confirm or cancel them (Deposits).',
    screen: '/deposits',
  }
}

async function destinations(db: Kysely<Database>): Promise<HealthCheck> {
  const rows = await db
    .selectFrom('clients as c')
    .innerJoin('legs as l', 'l.client_id', 'c.id')
    .select(['c.name'])
    .distinct()
    .where('c.destination_check_error', 'is not', null)
    .where('l.status', 'in', ['planned', 'failed'])
    .execute()
  if (rows.length === 0)
    return ok('destinations', 'Destinations working', 'No LP with money waiting has a destination that failed its check.', '/lps')
  return {
    id: 'destinations',
    state: 'problem',
    title: 'LPs not paid: their destination failed',
    detail: `${rows.map((r) => r.name).join(', ')}: money waits for ${rows.length === 1 ? 'this LP' : 'these LPs'}.`,
    action: 'Fix the destination on the LPs page (or check it again); then retry the settlement.',
    screen: '/lps',
  }
}

async function unattributed(db: Kysely<Database>): Promise<HealthCheck> {
  const r = await db
    .selectFrom('unattributed_payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow()
  const n = Number(r.n)
  if (n === 0) return ok('unattributed', 'Every payment accounted for', 'No payment waits to be attributed.', '/settlements')
  return {
    id: 'unattributed',
    state: 'warning',
    title: 'Payments without an attestation',
    detail: `${plural(n, 'payment')} came into a machine wallet without the ATM's attestation.`,
    action: 'Say which sale each was, or set it aside with a reason (Settlements).',
    screen: '/settlements',
  }
}

async function reconciliation(db: Kysely<Database>): Promise<HealthCheck> {
  const last = await db
    .selectFrom('reconcile_reports')
    .select(['created_at', 'ok'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!last)
    return {
      id: 'reconcile',
      state: 'unknown',
      title: 'Never reconciled',
      detail: 'The ledger has not been compared with LNbits yet.',
      action: 'Run a reconciliation.',
      screen: '/',
    }
  if (!last.ok)
    return {
      id: 'reconcile',
      state: 'problem',
      title: 'The ledger and LNbits differ',
      detail: `The reconciliation of ${last.created_at} found mismatches (or could not read a wallet).`,
      action: 'Open its report: each finding says what to do.',
      screen: '/',
    }
  return ok('reconcile', 'Ledger matches LNbits', `Last reconciled ${last.created_at}.`, '/')
}

/**
 * Cheap on every check: each head the chain was known to reach (the settings', the newest backup's,
 * the one last read back from the relays) must still be in it (audit.verify walks it whole).
 */
async function audit(env: Pick<CommandEnv, 'db' | 'backups'>): Promise<HealthCheck> {
  const relayHead = (await readSetting<RelayAuditHead>(env.db, SETTING.auditRelayHead)) ?? null
  const { heads } = await knownAuditHeads(env.db, env.backups, [relayHead])
  const missing = await missingHead(env.db, heads)
  if (missing)
    return {
      id: 'audit',
      state: 'problem',
      title: 'The audit log was cut or changed',
      detail: `It no longer holds entry ${missing.head.seq} as ${missing.where} recorded it.`,
      action: 'Verify it (Settings → Audit log) and compare with your backups; restore one if the ledger was tampered with.',
      screen: '/settings',
    }
  const newest = Math.max(0, ...heads.map((h) => h.head.seq))
  return ok('audit', 'Audit log whole', newest ? `It reaches entry ${newest}.` : 'Nothing recorded yet.', '/settings')
}

function backup(env: Pick<CommandEnv, 'backups'>, now: string, hours: number): HealthCheck {
  const newest = env.backups.list()[0]
  if (newest && newest.manifest.created_at > minutesAgo(now, hours * 60))
    return ok('backup', 'Backed up', `Last backup ${newest.manifest.created_at}.`, '/settings')
  return {
    id: 'backup',
    state: 'warning',
    title: newest ? 'No recent backup' : 'Never backed up',
    detail: newest
      ? `The last backup is from ${newest.manifest.created_at}, more than ${hours} hours ago.`
      : 'If this laptop is lost, so is the ledger.',
    action: 'Back up now, and keep a sealed copy on a USB stick (Settings → Backups).',
    screen: '/settings',
  }
}

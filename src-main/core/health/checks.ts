import type { Kysely } from 'kysely'
import type { Health, HealthCheck, HealthState } from '../../../src-shared/domain/health'
import type { CommandEnv } from '../env'
import type { Database } from '../ledger/schema'
import { readSwitch } from '../processing/switch'
import { loadSettings } from '../settings/view'
import { readSetting, SETTING } from '../settings/store'
import { knownAuditHeads, missingHead } from '../audit/known-heads'
import type { RelayAuditHead } from '../audit/log'
import { english } from '../../../src-shared/messages'
import type { MessageRef, Params } from '../../../src-shared/messages/define'
import type health from '../../../src-shared/messages/health'

const RANK: Record<HealthState, number> = { ok: 0, unknown: 1, warning: 2, problem: 3 }
const minutesAgo = (now: string, m: number) => new Date(Date.parse(now) - m * 60_000).toISOString()
/** The key suffix of a count (src-shared/messages/health.ts): `one` for 1, `other` for any other. */
const form = (n: number) => (n === 1 ? 'one' : 'other')

type HealthKey = keyof typeof health.en
/** A message of the `health` catalog: its English text and its id, made together so they cannot drift. */
interface Said {
  text: string
  ref: MessageRef
}
function say(key: HealthKey, params?: Params): Said {
  const message_id = `health.${key}`
  return { text: english(message_id, params), ref: params ? { message_id, params } : { message_id } }
}

/** A check, its words in English and by message id (`refs`); no action when all is well. */
function check(id: string, state: HealthState, screen: string, title: Said, detail: Said, action: Said | null): HealthCheck {
  return {
    id,
    state,
    title: title.text,
    detail: detail.text,
    action: action?.text ?? '',
    screen,
    refs: { title: title.ref, detail: detail.ref, action: action?.ref ?? null },
  }
}

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

const ok = (id: string, title: Said, detail: Said, screen: string): HealthCheck => check(id, 'ok', screen, title, detail, null)

async function processing(db: Kysely<Database>): Promise<HealthCheck> {
  const sw = await readSwitch(db)
  if (!sw.paused) return ok('processing', say('processing.running.title'), say('processing.running.detail'), '/')
  const { changed_by: by, reason } = sw
  const detail =
    by === null
      ? reason
        ? say('processing.paused.detail.someone.reason', { reason })
        : say('processing.paused.detail.someone')
      : reason
        ? say('processing.paused.detail.reason', { by, reason })
        : say('processing.paused.detail', { by })
  return check('processing', 'warning', '/', say('processing.paused.title'), detail, say('processing.paused.action'))
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
    const machine = { machine: m.name }
    if (!w)
      return check(
        id,
        'problem',
        '/settings',
        say('machine.unbound.title', machine),
        say('machine.unbound.detail'),
        say('machine.unbound.action'),
      )
    if (w.last_test_ok === 0)
      return check(
        id,
        'problem',
        '/settings',
        say('machine.refused.title', machine),
        w.last_test_error === null ? say('machine.refused.detail') : say('error', { error: w.last_test_error }),
        say('machine.refused.action'),
      )
    if (w.last_error && (!w.last_success_at || w.last_error_at! > w.last_success_at))
      return check(
        id,
        'problem',
        '/settlements',
        say('machine.unreadable.title', machine),
        say('error', { error: w.last_error }),
        say('machine.unreadable.action'),
      )
    if (!w.last_success_at)
      return check(
        id,
        'unknown',
        '/settlements',
        say('machine.unread.title', machine),
        say('machine.unread.detail'),
        say('machine.unread.action'),
      )
    if (w.last_success_at < minutesAgo(now, staleMinutes))
      return check(
        id,
        'warning',
        '/settlements',
        say('machine.stale.title', machine),
        say('machine.stale.detail', { at: w.last_success_at, minutes: staleMinutes }),
        say('machine.stale.action'),
      )
    return ok(id, say('machine.read.title', machine), say('machine.read.detail', { at: w.last_success_at }), '/settlements')
  })
}

/** The data key that seals the LNbits keys and destinations: open, and wrapped at rest. */
function dataKey(env: Pick<CommandEnv, 'secrets'>): HealthCheck {
  const s = env.secrets.status()
  if (s.locked) {
    const reason = (s.reason ?? '').trimEnd()
    return check(
      'secrets',
      s.protection === 'passphrase' ? 'warning' : 'problem',
      '/settings',
      say('secrets.locked.title'),
      reason ? say('secrets.locked.detail.reason', { reason }) : say('secrets.locked.detail'),
      say(
        s.protection === 'passphrase'
          ? 'secrets.locked.action.passphrase'
          : s.protection === 'os' && !s.keychain
            ? 'secrets.locked.action.keychain'
            : 'secrets.locked.action.restore',
      ),
    )
  }
  if (s.protection === 'none')
    return check(
      'secrets',
      'warning',
      '/settings',
      say('secrets.unprotected.title'),
      say('secrets.unprotected.detail'),
      say(s.keychain ? 'secrets.unprotected.action.keychain' : 'secrets.unprotected.action.passphrase'),
    )
  return ok(
    'secrets',
    say('secrets.protected.title'),
    say(s.protection === 'os' ? 'secrets.protected.detail.os' : 'secrets.protected.detail.passphrase'),
    '/settings',
  )
}

async function signer(env: Pick<CommandEnv, 'signer'>): Promise<HealthCheck> {
  const s = await env.signer.status()
  if (s.mode === 'none')
    return check('signer', 'warning', '/settings', say('signer.none.title'), say('signer.none.detail'), say('signer.none.action'))
  if (!s.ready) {
    const local = s.mode === 'local'
    return check(
      'signer',
      'warning',
      '/settings',
      say(local ? 'signer.locked.title' : 'signer.away.title'),
      say('signer.unready.detail'),
      say(local ? 'signer.locked.action' : 'signer.away.action'),
    )
  }
  return ok('signer', say('signer.ready.title'), say('signer.ready.detail', { npub: String(s.npub) }), '/settings')
}

async function relays(env: Pick<CommandEnv, 'db' | 'relays'>): Promise<HealthCheck> {
  const rows = await env.db.selectFrom('relays').select(['url', 'enabled']).where('enabled', '=', 1).execute()
  if (rows.length === 0)
    return check('relays', 'warning', '/settings', say('relays.none.title'), say('relays.none.detail'), say('relays.none.action'))
  const offline = rows.map((r) => env.relays.status(r.url)).filter((s) => s.state === 'offline')
  if (offline.length === 0)
    return ok('relays', say('relays.ok.title'), say(`relays.ok.detail.${form(rows.length)}`, { n: rows.length }), '/settings')
  const all = offline.length === rows.length
  return check(
    'relays',
    all ? 'problem' : 'warning',
    '/settings',
    all ? say('relays.down.title.all') : say(`relays.down.title.${form(offline.length)}`, { n: offline.length }),
    // each relay's own error, as it came
    say('relays.down.detail', { relays: offline.map((s) => `${s.url}: ${s.last_error ?? 'offline'}`).join('; ') }),
    say('relays.down.action'),
  )
}

async function outbox(db: Kysely<Database>, now: string): Promise<HealthCheck> {
  const oldest = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('status', 'in', ['intent', 'signed'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()
  if (!oldest || oldest.created_at > minutesAgo(now, 15)) return ok('outbox', say('outbox.ok.title'), say('outbox.ok.detail'), '/settings')
  return check(
    'outbox',
    'warning',
    '/settings',
    say('outbox.waiting.title'),
    say('outbox.waiting.detail', { since: oldest.created_at }),
    say('outbox.waiting.action'),
  )
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
  const inFlight = n('in_flight')
  const failed = n('failed')
  if (inFlight + failed === 0) return ok('legs', say('legs.ok.title'), say('legs.ok.detail', { minutes }), '/payments')
  return check(
    'legs',
    'problem',
    '/settlements',
    say('legs.stuck.title'),
    say(`legs.stuck.detail.${form(inFlight)}.${form(failed)}`, { in_flight: inFlight, failed, minutes }),
    say('legs.stuck.action'),
  )
}

async function settlements(db: Kysely<Database>): Promise<HealthCheck> {
  const rows = await db
    .selectFrom('settlements')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['errored', 'rejected'])
    .groupBy('status')
    .execute()
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  const errored = n('errored')
  const rejected = n('rejected')
  if (errored + rejected === 0) return ok('settlements', say('settlements.ok.title'), say('settlements.ok.detail'), '/settlements')
  return check(
    'settlements',
    errored > 0 ? 'problem' : 'warning',
    '/settlements',
    say('settlements.waiting.title'),
    say(`settlements.waiting.detail.${form(errored)}.${form(rejected)}`, { errored, rejected }),
    say('settlements.waiting.action'),
  )
}

async function deposits(db: Kysely<Database>, now: string, hours: number): Promise<HealthCheck> {
  const r = await db
    .selectFrom('deposits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('created_at', '<', minutesAgo(now, hours * 60))
    .executeTakeFirstOrThrow()
  const n = Number(r.n)
  if (n === 0) return ok('deposits', say('deposits.ok.title'), say('deposits.ok.detail', { hours }), '/deposits')
  return check(
    'deposits',
    'warning',
    '/deposits',
    say('deposits.pending.title'),
    say(`deposits.pending.detail.${form(n)}`, { n, hours }),
    say('deposits.pending.action'),
  )
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
  if (rows.length === 0) return ok('destinations', say('destinations.ok.title'), say('destinations.ok.detail'), '/lps')
  return check(
    'destinations',
    'problem',
    '/lps',
    say('destinations.failed.title'),
    say(`destinations.failed.detail.${form(rows.length)}`, { names: rows.map((r) => r.name).join(', ') }),
    say('destinations.failed.action'),
  )
}

async function unattributed(db: Kysely<Database>): Promise<HealthCheck> {
  const r = await db
    .selectFrom('unattributed_payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow()
  const n = Number(r.n)
  if (n === 0) return ok('unattributed', say('unattributed.ok.title'), say('unattributed.ok.detail'), '/settlements')
  return check(
    'unattributed',
    'warning',
    '/settlements',
    say('unattributed.open.title'),
    say(`unattributed.open.detail.${form(n)}`, { n }),
    say('unattributed.open.action'),
  )
}

async function reconciliation(db: Kysely<Database>): Promise<HealthCheck> {
  const last = await db
    .selectFrom('reconcile_reports')
    .select(['created_at', 'ok'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!last)
    return check('reconcile', 'unknown', '/', say('reconcile.never.title'), say('reconcile.never.detail'), say('reconcile.never.action'))
  if (!last.ok)
    return check(
      'reconcile',
      'problem',
      '/',
      say('reconcile.differs.title'),
      say('reconcile.differs.detail', { at: last.created_at }),
      say('reconcile.differs.action'),
    )
  return ok('reconcile', say('reconcile.ok.title'), say('reconcile.ok.detail', { at: last.created_at }), '/')
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
    return check(
      'audit',
      'problem',
      '/settings',
      say('audit.cut.title'),
      // `where` is the audit code's own English (src-main/core/audit/known-heads.ts)
      say('audit.cut.detail', { seq: missing.head.seq, where: missing.where }),
      say('audit.cut.action'),
    )
  const newest = Math.max(0, ...heads.map((h) => h.head.seq))
  return ok('audit', say('audit.ok.title'), newest ? say('audit.ok.detail', { seq: newest }) : say('audit.ok.detail.empty'), '/settings')
}

function backup(env: Pick<CommandEnv, 'backups'>, now: string, hours: number): HealthCheck {
  const newest = env.backups.list()[0]
  if (newest && newest.manifest.created_at > minutesAgo(now, hours * 60))
    return ok('backup', say('backup.ok.title'), say('backup.ok.detail', { at: newest.manifest.created_at }), '/settings')
  return check(
    'backup',
    'warning',
    '/settings',
    say(newest ? 'backup.old.title' : 'backup.never.title'),
    newest ? say('backup.old.detail', { at: newest.manifest.created_at, hours }) : say('backup.never.detail'),
    say('backup.action'),
  )
}

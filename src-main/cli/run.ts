import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { COMMAND_NAMES, commandSpecs } from '../../src-shared/contract/commands'
import { CommandError, type ErrorBody } from '../../src-shared/contract/errors'
import QRCode from 'qrcode'
import type { SignerStatus } from '../../src-shared/domain/signer'
import type { SecretsStatus } from '../../src-shared/domain/secrets'
import type { BackupInspection } from '../../src-shared/domain/backup'
import { exportArgs, SHORT_FORMS, SHORT_USAGE } from './short-forms'
import type { CsvExport } from '../../src-shared/domain/export'
import { openCore, type Core, type CoreOptions } from '../core/core'
import { ingestOptionsFromEnv } from '../core/ingestion/ingest'
import type { Logger } from '../core/log'
import { defaultDataDir } from '../core/paths'

export const USAGE = `Usage:
  satop call <command> ['<json args>' | - | @FILE] [--data-dir DIR] [--passphrase-file FILE | -]
                                   run one command, print its result as JSON
  satop run [--data-dir DIR] [--passphrase-file FILE | -]
                                   the app's background work without a window (sync, payouts,
                                   relays, outbox) until SIGTERM or Ctrl+C
  satop commands                   list the commands
  satop --help

Arguments: '-' reads the JSON from standard input, @FILE from a file: use one of these for
anything secret (keys, an nsec, a passphrase), so it never shows in \`ps\` or the shell history.
--passphrase-file unlocks first what a passphrase protects: the ledger's secrets (its data key)
and the operator key ('-': read it from standard input; one passphrase for both). Without it,
on a terminal, a command that changes things asks for the secrets' passphrase, and \`satop run\`
and \`satop call sync.run\` for the operator key's too (typed without echo; three tries).

The ledger is DIR/ledger.sqlite (default: the app's user-data folder, or $SATOP_DATA_DIR).
A failure prints {"error":{"code":"…","message":"…"}} and exits with status 1 (2 for usage
errors). A command that ran but whose verdict is negative (destinations.verify not ok,
audit.verify not intact) prints its result and exits with status 3.`

export interface CliIo {
  stdout(text: string): void
  /** for people watching the terminal (a pairing QR code); never the command's answer */
  stderr(text: string): void
  env: NodeJS.ProcessEnv
  logger: Logger
  /** all of standard input, as text */
  stdin(): Promise<string>
  /** asks on the terminal (a secret without echo); null when there is no terminal to ask on; rejects when cancelled (Ctrl+C) */
  ask(prompt: string, opts: { secret: boolean }): Promise<string | null>
  /** calls `fn` when the process is asked to stop (SIGTERM, SIGINT), and holds it open until the returned function is called */
  onStop(fn: () => void): () => void
  /** what the packaged desktop app gives its core: Electron's build of better-sqlite3, the OS keychain */
  core?: Pick<CoreOptions, 'nativeBinding' | 'keyProtector'>
}

/** The CLI as a function of argv, so tests can run it in-process as well as via the real binary. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'passphrase-file': { type: 'string' },
        'backup-passphrase-file': { type: 'string' },
        to: { type: 'string' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    return fail(io, { code: 'invalid_args', message: `${(e as Error).message}\n${USAGE}` }, 2)
  }
  const [verb, name, json, ...extra] = parsed.positionals
  if (parsed.values.help || verb === undefined) {
    io.stdout(USAGE + '\n\n' + SHORT_USAGE + '\n')
    return verb === undefined && !parsed.values.help ? 2 : 0
  }
  if (verb === 'commands') {
    io.stdout(
      JSON.stringify(
        COMMAND_NAMES.map((n) => ({
          name: n,
          summary: commandSpecs[n].summary,
          tx: commandSpecs[n].tx,
          mutates: commandSpecs[n].tx !== 'read',
        })),
        null,
        2,
      ) + '\n',
    )
    return 0
  }
  const passphraseFile = parsed.values['passphrase-file']
  if (verb === 'run' && name === undefined) return runForever(io, parsed.values['data-dir'], passphraseFile)
  if (verb === 'backup' || verb === 'restore' || verb === 'export' || Object.hasOwn(SHORT_FORMS, verb)) {
    const opened = openCli(io, parsed.values['data-dir'])
    if (!opened.ok) return fail(io, opened.error, 1)
    try {
      const words = parsed.positionals.slice(1)
      if (verb === 'backup') {
        // a sealed file carries the data key: it must be open
        const refused = await unlockFirst(io, opened.core, passphraseFile, { secrets: true, signer: false })
        if (refused) return fail(io, refused.error, refused.status)
        return await backupNow(io, opened.core, parsed.values.to, parsed.values['backup-passphrase-file'])
      }
      if (verb === 'export') return await exportCsvTo(io, opened.core, words)
      if (verb === 'restore')
        return await restoreFrom(io, opened.core, words[0], parsed.values['backup-passphrase-file'], parsed.values.yes === true)
      const form = SHORT_FORMS[verb]!
      return await callAndPrint(io, opened.core, form.command, form.args(words))
    } finally {
      await opened.core.close()
    }
  }
  if (verb !== 'call' || name === undefined || extra.length > 0) {
    return fail(io, { code: 'invalid_args', message: `Expected \`satop call <command> '<json args>'\`.\n${USAGE}` }, 2)
  }
  if (json === '-' && passphraseFile === '-') {
    return fail(
      io,
      { code: 'invalid_args', message: 'Standard input can carry the arguments or the passphrase, not both: name a file for one.' },
      2,
    )
  }
  let args: unknown = {}
  if (json !== undefined) {
    const read = await argsText(io, json)
    if (!read.ok) return fail(io, { code: 'invalid_args', message: read.message }, 2)
    try {
      args = JSON.parse(read.text)
    } catch (e) {
      return fail(
        io,
        {
          code: 'invalid_args',
          message: `The arguments are not valid JSON (${(e as Error).message}). Quote them for the shell: '{"id":"…"}', or pass them with - or @FILE.`,
        },
        2,
      )
    }
  }
  const opened = openCli(io, parsed.values['data-dir'])
  if (!opened.ok) return fail(io, opened.error, 1)
  const core = opened.core
  try {
    const refused = await unlockFirst(io, core, passphraseFile, asksFor(name))
    if (refused) return fail(io, refused.error, refused.status)
    // A nostrconnect:// offer lives in this process: wait here for the phone, or it is lost.
    if (name === 'signer.connectBunker') {
      const reply = await core.call(name, args, { actor: actor() })
      if (!reply.ok) return fail(io, reply.error, 1)
      if ((reply.result as SignerStatus).pairing) return await awaitPairing(io, core, reply.result as SignerStatus)
      io.stdout(JSON.stringify(reply.result, null, 2) + '\n')
      return 0
    }
    return await callAndPrint(io, core, name, args)
  } finally {
    await core.close()
  }
}

/**
 * Shows the offer (its address and a QR code, on stderr: stdout keeps the one JSON answer) and
 * waits in the foreground until the phone pairs, the offer expires, or Ctrl+C.
 */
async function awaitPairing(io: CliIo, core: Core, offered: SignerStatus): Promise<number> {
  const uri = offered.pairing!.uri
  const qr = await QRCode.toString(uri, { type: 'terminal', small: true })
  io.stderr(
    `Scan this with your signer app, or paste the address into it (the offer ends ${offered.pairing!.expires_at}):\n\n${qr}\n${uri}\n\nWaiting for the phone… (Ctrl+C to give up)\n`,
  )
  let cancelled = false
  const release = io.onStop(() => (cancelled = true))
  try {
    return await waitForPhone(io, core, () => cancelled)
  } finally {
    release()
  }
}

async function waitForPhone(io: CliIo, core: Core, cancelled: () => boolean): Promise<number> {
  for (;;) {
    const reply = await core.call('signer.status', {}, { actor: actor() })
    if (!reply.ok) return fail(io, reply.error, 1)
    const status = reply.result as SignerStatus
    if (status.ready) {
      io.stdout(JSON.stringify(status, null, 2) + '\n')
      return 0
    }
    if (cancelled() || !status.pairing) {
      const why = cancelled() ? 'Pairing cancelled.' : (status.pairing_error ?? 'The offer expired before the phone answered.')
      return fail(io, { code: 'unavailable', message: `${why} Nothing was changed; run the command again to offer a new pairing.` }, 1)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** `satop run`: the background work of the app (a sync round every 30 s) until asked to stop. */
async function runForever(io: CliIo, dataDir: string | undefined, passphraseFile: string | undefined): Promise<number> {
  const intervalMs = Number(io.env.SATOP_SYNC_INTERVAL_MS ?? 30_000)
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 100) {
    return fail(io, { code: 'invalid_args', message: 'SATOP_SYNC_INTERVAL_MS must be a whole number of milliseconds, at least 100.' }, 2)
  }
  const opened = openCli(io, dataDir, { syncIntervalMs: intervalMs })
  if (!opened.ok) return fail(io, opened.error, 1)
  const core = opened.core
  try {
    const refused = await unlockFirst(io, core, passphraseFile, ASK_ALL)
    if (refused) return fail(io, refused.error, refused.status)
    io.stdout(JSON.stringify({ running: true, ledger: core.ledgerPath, sync_interval_ms: intervalMs }) + '\n')
    await new Promise<void>((resolve) => {
      const release = io.onStop(() => {
        release()
        resolve()
      })
    })
  } finally {
    // A round under way finishes before the ledger closes.
    await core.close()
  }
  io.stdout(JSON.stringify({ stopped: true }) + '\n')
  return 0
}

function openCli(
  io: CliIo,
  dataDir: string | undefined,
  background?: { syncIntervalMs: number },
): { ok: true; core: Core } | { ok: false; error: ErrorBody } {
  try {
    return {
      ok: true,
      core: openCore({
        ...io.core,
        dataDir: dataDir ?? defaultDataDir(io.env),
        logger: io.logger,
        ingestion: ingestOptionsFromEnv(io.env),
        background,
      }),
    }
  } catch (e) {
    return { ok: false, error: e instanceof CommandError ? e.toBody() : { code: 'ledger_error', message: (e as Error).message } }
  }
}

/** '-': standard input; '@FILE': the file; anything else is the JSON itself. */
async function argsText(io: CliIo, given: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  if (given === '-') return { ok: true, text: await io.stdin() }
  if (!given.startsWith('@')) return { ok: true, text: given }
  try {
    return { ok: true, text: readFileSync(given.slice(1), 'utf8') }
  } catch (e) {
    return { ok: false, message: `Cannot read the arguments from ${given.slice(1)}: ${(e as Error).message}` }
  }
}

/** The commands whose work signs with the operator's key (the round sends the outbox): on a terminal, a locked key is asked for. */
const SIGNING_COMMANDS: ReadonlySet<string> = new Set(['sync.run'])
const PROMPT_TRIES = 3

/** What this run may ask for on a terminal: the data key for work that changes things, the operator key for work that signs. */
interface Asks {
  secrets: boolean
  signer: boolean
  /** with a passphrase file and nothing locked by a passphrase, still ask the operator key (the answer says why not) */
  legacyUnlock?: boolean
}
function asksFor(name: string): Asks {
  const spec = commandSpecs[name as keyof typeof commandSpecs]
  return { secrets: spec !== undefined && spec.tx !== 'read', signer: SIGNING_COMMANDS.has(name), legacyUnlock: true }
}
const ASK_ALL: Asks = { secrets: true, signer: true, legacyUnlock: true }

/** A passphrase that opens something locked: the data key (secrets.unlock) or the operator key (signer.unlock). */
interface Lock {
  command: 'secrets.unlock' | 'signer.unlock'
  prompt: string
}

/** What is locked by a passphrase in this process, the data key first (reading and paying wait on it). */
async function passphraseLocks(core: Core): Promise<{ ok: true; locks: Lock[] } | { ok: false; error: ErrorBody }> {
  const secrets = await core.call('secrets.status', {}, { actor: actor() })
  if (!secrets.ok) return secrets
  const signer = await core.call('signer.status', {}, { actor: actor() })
  if (!signer.ok) return signer
  const locks: Lock[] = []
  const data = secrets.result as SecretsStatus
  if (data.locked && data.protection === 'passphrase')
    locks.push({ command: 'secrets.unlock', prompt: "Passphrase for this ledger's secrets (its LNbits keys): " })
  const key = signer.result as SignerStatus
  if (key.mode === 'local' && key.protection === 'passphrase' && !key.ready)
    locks.push({ command: 'signer.unlock', prompt: `Passphrase for the operator key ${key.npub}: ` })
  return { ok: true, locks }
}

/**
 * Unlocks what a passphrase protects first: with the passphrase from the named file or standard
 * input (one passphrase for the data key and the operator key), or by asking on the terminal for
 * what this work needs. What went wrong, if it did. Without a terminal nothing is asked: the work
 * goes on, and what needs a locked secret says so.
 */
async function unlockFirst(
  io: CliIo,
  core: Core,
  passphraseFile: string | undefined,
  asks: Asks,
): Promise<{ error: ErrorBody; status: number } | null> {
  const found = await passphraseLocks(core)
  if (!found.ok) return { error: found.error, status: 1 }
  if (passphraseFile === undefined) {
    for (const lock of found.locks) {
      if (!(lock.command === 'secrets.unlock' ? asks.secrets : asks.signer)) continue
      const refused = await askToUnlock(io, core, lock)
      if (refused) return refused
    }
    return null
  }
  let passphrase: string
  try {
    passphrase = passphraseFile === '-' ? await io.stdin() : readFileSync(passphraseFile, 'utf8')
  } catch (e) {
    return {
      error: { code: 'invalid_args', message: `Cannot read the passphrase from ${passphraseFile}: ${(e as Error).message}` },
      status: 2,
    }
  }
  // A file written by an editor ends with a line break that is not part of the passphrase.
  passphrase = passphrase.replace(/\r?\n$/, '')
  // Nothing locked by a passphrase: the operator key's own answer says why (a keychain key, no key).
  if (found.locks.length === 0) {
    if (!asks.legacyUnlock) return null
    const reply = await core.call('signer.unlock', { passphrase }, { actor: actor() })
    return reply.ok ? null : { error: reply.error, status: 1 }
  }
  // Each lock is tried. One the passphrase does not open stays locked (said on stderr), and what
  // needs it says so; a passphrase that opens nothing is refused.
  const refused: { lock: Lock; error: ErrorBody }[] = []
  for (const lock of found.locks) {
    const reply = await core.call(lock.command, { passphrase }, { actor: actor() })
    if (reply.ok) continue
    if (reply.error.code !== 'invalid_args') return { error: reply.error, status: 1 }
    refused.push({ lock, error: reply.error })
  }
  if (refused.length === found.locks.length) return { error: refused[0]!.error, status: 1 }
  for (const { lock, error } of refused) io.stderr(`${error.message} ${LOCK_NAME[lock.command]} stays locked.\n`)
  return null
}

const LOCK_NAME: Record<Lock['command'], string> = { 'secrets.unlock': "The ledger's secrets", 'signer.unlock': 'The operator key' }

async function askToUnlock(io: CliIo, core: Core, lock: Lock): Promise<{ error: ErrorBody; status: number } | null> {
  for (let attempt = 1; ; attempt++) {
    let typed: string | null
    try {
      typed = await io.ask(lock.prompt, { secret: true })
    } catch {
      const what = lock.command === 'secrets.unlock' ? 'the secrets stay' : 'the key stays'
      return { error: { code: 'invalid_args', message: `Cancelled: ${what} locked, and nothing was run.` }, status: 2 }
    }
    if (typed === null) {
      io.stderr(
        `${lock.command === 'secrets.unlock' ? "The ledger's secrets are" : 'The operator key is'} locked and there is no terminal to ask on: what needs ${lock.command === 'secrets.unlock' ? 'them' : 'it'} waits. Unlock with --passphrase-file FILE (or - for standard input).\n`,
      )
      return null
    }
    const reply = await core.call(lock.command, { passphrase: typed }, { actor: actor() })
    if (reply.ok) return null
    if (attempt >= PROMPT_TRIES || reply.error.code !== 'invalid_args') return { error: reply.error, status: 1 }
    io.stderr(`${reply.error.message} Try again (${PROMPT_TRIES - attempt} left).\n`)
  }
}

/** Runs one command and prints its answer: exit 0, 1 for a refusal, 3 for a negative verdict. */
async function callAndPrint(io: CliIo, core: Core, name: string, args: unknown): Promise<number> {
  const reply = await core.call(name, args, { actor: actor() })
  if (!reply.ok) return fail(io, reply.error, 1)
  io.stdout(JSON.stringify(reply.result, null, 2) + '\n')
  return negativeVerdict(name, reply.result) ? 3 : 0
}

/** `satop export`: the file's text on stdout, so it can be redirected; a refusal as JSON, like every command. */
async function exportCsvTo(io: CliIo, core: Core, words: string[]): Promise<number> {
  const what = exportArgs(words)
  if (!what.ok) return fail(io, { code: 'invalid_args', message: what.message }, 2)
  const reply = await core.call('export.csv', what.args, { actor: actor() })
  if (!reply.ok) return fail(io, reply.error, 1)
  const file = reply.result as CsvExport
  io.stdout(file.csv)
  io.stderr(`${file.rows} rows (${file.filename})\n`)
  return 0
}

/** `satop backup`: into the data folder, or sealed into a file with a passphrase that never touches argv. */
async function backupNow(io: CliIo, core: Core, to: string | undefined, passphraseFile: string | undefined): Promise<number> {
  if (to === undefined) return callAndPrint(io, core, 'backup.create', {})
  const passphrase = await backupPassphrase(io, passphraseFile, true)
  if (!passphrase.ok) return fail(io, passphrase.error, 2)
  return callAndPrint(io, core, 'backup.create', { to_file: resolve(to), passphrase: passphrase.value })
}

/** `satop restore`: shows what the backup holds (on stderr), asks (or takes --yes), then puts that backup in place. */
async function restoreFrom(
  io: CliIo,
  core: Core,
  what: string | undefined,
  passphraseFile: string | undefined,
  yes: boolean,
): Promise<number> {
  if (!what)
    return fail(
      io,
      { code: 'invalid_args', message: `Say which backup: an id from \`satop call backup.list\`, or a file.\n${SHORT_USAGE}` },
      2,
    )
  let source: { backup_id: string } | { file: string; passphrase: string }
  if (existsSync(what)) {
    const passphrase = await backupPassphrase(io, passphraseFile, false)
    if (!passphrase.ok) return fail(io, passphrase.error, 2)
    source = { file: resolve(what), passphrase: passphrase.value }
  } else source = { backup_id: what }
  const seen = await core.call('backup.inspect', source, { actor: actor() })
  if (!seen.ok) return fail(io, seen.error, 1)
  const inspection = seen.result as BackupInspection
  const m = inspection.manifest
  io.stderr(
    `This backup was made ${m.created_at} by version ${m.app_version}: ${m.counts.machines} machines, ${m.counts.clients} LPs, ${m.counts.deposits} deposits, ${m.counts.settlements} settlements (the last ${m.last_settlement_at ?? 'never'}).\n` +
      inspection.notes.map((n) => `${n}\n`).join('') +
      'Restoring puts it in place of the ledger in use, which is kept beside it.\n',
  )
  if (!yes) {
    let answer: string | null
    try {
      answer = await io.ask('Restore it? Type "restore" to go on: ', { secret: false })
    } catch {
      answer = ''
    }
    if (answer === null)
      return fail(io, { code: 'invalid_args', message: 'No terminal to ask on: add --yes to restore without asking.' }, 2)
    if (answer.trim() !== 'restore') return fail(io, { code: 'invalid_args', message: 'Not restored: nothing was changed.' }, 2)
  }
  return callAndPrint(io, core, 'backup.restore', { ...source, ledger_sha256: m.ledger_sha256 })
}

/** A backup file's passphrase: from the named file or stdin, or typed on the terminal (twice when sealing). */
async function backupPassphrase(
  io: CliIo,
  file: string | undefined,
  confirm: boolean,
): Promise<{ ok: true; value: string } | { ok: false; error: ErrorBody }> {
  if (file !== undefined) {
    try {
      return { ok: true, value: (file === '-' ? await io.stdin() : readFileSync(file, 'utf8')).replace(/\r?\n$/, '') }
    } catch (e) {
      return {
        ok: false,
        error: { code: 'invalid_args', message: `Cannot read the backup passphrase from ${file}: ${(e as Error).message}` },
      }
    }
  }
  try {
    const first = await io.ask('Backup passphrase: ', { secret: true })
    if (first === null)
      return {
        ok: false,
        error: {
          code: 'invalid_args',
          message: 'No terminal to ask on: give the passphrase with --backup-passphrase-file FILE (or - for standard input).',
        },
      }
    if (confirm && (await io.ask('The same again: ', { secret: true })) !== first)
      return { ok: false, error: { code: 'invalid_args', message: 'The two passphrases differ: nothing was written.' } }
    return { ok: true, value: first }
  } catch {
    return { ok: false, error: { code: 'invalid_args', message: 'Cancelled: nothing was written.' } }
  }
}

/** A command that ran, and says no: scripts tell it from success by the exit status. */
function negativeVerdict(name: string, result: unknown): boolean {
  const r = result as { ok?: unknown; intact?: unknown; differences?: unknown[]; balances?: { differences: unknown[] } }
  return (
    (name === 'destinations.verify' && r.ok === false) ||
    (name === 'audit.verify' && r.intact === false) ||
    (name === 'reconcile.verifyCommissions' && (r.differences?.length ?? 0) + (r.balances?.differences.length ?? 0) > 0) ||
    (name === 'reconcile.run' && (result as { ok?: unknown }).ok === false) ||
    (name === 'health.get' && (result as { overall?: unknown }).overall === 'problem')
  )
}

const actor = () => `cli:${safeUsername()}`

function fail(io: CliIo, error: ErrorBody, status: number): number {
  io.stdout(JSON.stringify({ error }, null, 2) + '\n')
  return status
}

function safeUsername(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

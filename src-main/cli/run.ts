import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { COMMAND_NAMES, commandSpecs } from '../../src-shared/contract/commands'
import { CommandError, type ErrorBody } from '../../src-shared/contract/errors'
import { openCore } from '../core/core'
import { ingestOptionsFromEnv } from '../core/ingestion/ingest'
import type { Logger } from '../core/log'
import { defaultDataDir } from '../core/paths'

export const USAGE = `Usage:
  satop call <command> ['<json args>'] [--data-dir DIR]   run one command, print its result as JSON
  satop commands                                          list the commands
  satop --help

The ledger is DIR/ledger.sqlite (default: the app's user-data folder, or $SATOP_DATA_DIR).
A failure prints {"error":{"code":"…","message":"…"}} and exits with status 1 (2 for usage errors).`

export interface CliIo {
  stdout(text: string): void
  env: NodeJS.ProcessEnv
  logger: Logger
}

/** The CLI as a function of argv, so tests can run it in-process as well as via the real binary. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (e) {
    return fail(io, { code: 'invalid_args', message: `${(e as Error).message}\n${USAGE}` }, 2)
  }
  const [verb, name, json, ...extra] = parsed.positionals
  if (parsed.values.help || verb === undefined) {
    io.stdout(USAGE + '\n')
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
  if (verb !== 'call' || name === undefined || extra.length > 0) {
    return fail(io, { code: 'invalid_args', message: `Expected \`satop call <command> '<json args>'\`.\n${USAGE}` }, 2)
  }
  let args: unknown = {}
  if (json !== undefined) {
    try {
      args = JSON.parse(json)
    } catch (e) {
      return fail(
        io,
        {
          code: 'invalid_args',
          message: `The arguments are not valid JSON (${(e as Error).message}). Quote them for the shell: '{"id":"…"}'.`,
        },
        2,
      )
    }
  }
  let core
  try {
    core = openCore({
      dataDir: parsed.values['data-dir'] ?? defaultDataDir(io.env),
      logger: io.logger,
      ingestion: ingestOptionsFromEnv(io.env),
    })
  } catch (e) {
    const body: ErrorBody = e instanceof CommandError ? e.toBody() : { code: 'ledger_error', message: (e as Error).message }
    return fail(io, body, 1)
  }
  try {
    const reply = await core.call(name, args, { actor: `cli:${safeUsername()}` })
    if (!reply.ok) return fail(io, reply.error, 1)
    io.stdout(JSON.stringify(reply.result, null, 2) + '\n')
    return 0
  } finally {
    await core.close()
  }
}

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

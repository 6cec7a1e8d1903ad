import { read } from 'read'
import { stderrLogger } from '../core/log'
import { runCli, type CliIo } from './run'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// Asks on the terminal, a secret with echo off (the prompt on stderr: stdout keeps the one JSON
// answer). Only when both ends are a terminal: a pipe or a file is never read as an answer by surprise.
async function ask(prompt: string, opts: { secret: boolean }): Promise<string | null> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null
  if (!opts.secret) return read<string>({ prompt, output: process.stderr })
  try {
    return await read<string>({ prompt, silent: true, replace: '', output: process.stderr })
  } finally {
    process.stderr.write('\n') // the Enter (or Ctrl+C) was not echoed either
  }
}

// Calls `fn` on SIGTERM or Ctrl+C; until the returned function is called, the process stays up
// (the core's own timers do not hold it).
function onStop(fn: () => void): () => void {
  const keepAlive = setInterval(() => {}, 1 << 30)
  const off = () => {
    clearInterval(keepAlive)
    process.off('SIGTERM', fn)
    process.off('SIGINT', fn)
  }
  process.once('SIGTERM', fn)
  process.once('SIGINT', fn)
  return off
}

/**
 * Runs the CLI on this process's terminal, pipes and signals: the `satop` binary, and the
 * packaged desktop app's `--cli` (which passes the core what only it has: Electron's build of
 * better-sqlite3 and the OS keychain). Resolves with the exit status.
 */
export async function runCliInProcess(args: string[], core: CliIo['core'] = {}): Promise<number> {
  // `satop … | head` closes the pipe early: that is the reader's choice, not an error to crash on.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
  try {
    return await runCli(args, {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      logger: stderrLogger,
      stdin: readStdin,
      ask,
      onStop,
      core,
    })
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: { code: 'internal', message: (e as Error).message } }) + '\n')
    return 1
  }
}

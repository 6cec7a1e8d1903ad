import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from './tmp'

export interface Ran {
  code: number
  stdout: string
  stderr: string
  /** stdout as JSON, when it is */
  json: unknown
}

/** Runs one of the project's Node entry points and collects what it printed. */
function runNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, json })
    })
  })
}

/** Runs the real `satop` binary (bin/satop.mjs over the built CLI). */
export function satop(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return runNode(join(PROJECT_ROOT, 'bin', 'satop.mjs'), args, env)
}

/** Runs the built ATM simulator (`npm run atm -- …`). */
/** A command on the ledger in `dataDir` through the real CLI; its JSON result, or an error with what it printed. */
export async function satopCall<T>(dataDir: string, command: string, args: unknown): Promise<T> {
  const r = await satop(['call', command, JSON.stringify(args), '--data-dir', dataDir])
  if (r.code !== 0) throw new Error(`${command}: ${r.stdout}`)
  return r.json as T
}

export function atmSim(args: string[]): Promise<Ran> {
  return runNode(join(PROJECT_ROOT, 'out', 'main', 'atm-sim.js'), args)
}

/** Runs the real `satop` binary with text on its standard input. */
export function satopWithInput(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'satop.mjs'), ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: code ?? 1, stdout, stderr, json })
    })
    child.stdin.end(input)
  })
}

/** Starts `satop` and leaves it running: for `satop run`, stopped by the test with a signal. */
export function startSatop(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'satop.mjs'), ...args], { env: { ...process.env, ...env } })
}

export interface OnTerminal {
  /** everything the terminal showed (stdout and stderr, as the user would see them) */
  output(): string
  /** keys typed at the terminal */
  type(keys: string): void
  exited: Promise<number>
}

/**
 * Runs the real `satop` on a pseudo-terminal (util-linux `script`), so that it sees a person at
 * the keyboard: what it prompts is read from `output()`, and `type()` answers.
 */
export function satopOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): OnTerminal {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`
  // `exec`: no shell stays between the terminal and satop, so Ctrl+C reaches satop alone (a
  // non-interactive dash, script's shell when $SHELL is unset, would die of it first)
  const command = ['exec', ...[process.execPath, join(PROJECT_ROOT, 'bin', 'satop.mjs'), ...args].map(quote)].join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...env } })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  return {
    output: () => out,
    type: (keys) => child.stdin.write(keys),
    exited: new Promise((resolve) =>
      child.on('close', (code) => {
        child.stdin.destroy()
        resolve(code ?? 1)
      }),
    ),
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LNBITS_VENV } from '../../scripts/lnbits-venv.mjs'

const VENV = LNBITS_VENV

export interface TestWallet {
  id: string
  user: string
  adminkey: string
  inkey: string
  name: string
  lightning_address: string | null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/**
 * A real LNbits (pinned in test/lnbits/requirements.txt) on 127.0.0.1 with the FakeWallet
 * funding source and its own temporary data folder. Payments between its wallets settle for
 * real (internally). The super user is set up through LNbits' own first-install API so tests
 * can fund wallets with its balance endpoint.
 */
export class LnbitsPeer {
  url = ''
  private child: ChildProcess | undefined
  private dataDir = ''
  private token = ''
  private output = ''
  port = 0
  private rateLimit: number | undefined

  /** rateLimitPerMinute: LNbits' own limiter (default 200 a minute per client); the benchmark raises it. */
  static async start(opts: { rateLimitPerMinute?: number } = {}): Promise<LnbitsPeer> {
    const peer = new LnbitsPeer()
    peer.rateLimit = opts.rateLimitPerMinute
    peer.dataDir = mkdtempSync(join(tmpdir(), 'satop-lnbits-'))
    peer.port = await freePort()
    await peer.launch()
    const first = await peer.json('PUT', '/api/v1/auth/first_install', {
      username: 'satop-test',
      password: 'satop-test-password',
      password_repeat: 'satop-test-password',
    })
    peer.token = (first as { access_token: string }).access_token
    return peer
  }

  /** (Re)starts the process on the same port and data folder: used to stop and revive it mid-test. */
  async launch(): Promise<void> {
    this.url = `http://127.0.0.1:${this.port}`
    const child = spawn(join(VENV, 'bin', 'lnbits'), ['--host', '127.0.0.1', '--port', String(this.port)], {
      // LNbits serves its static files relative to the working directory.
      cwd: sitePackagesDir(),
      env: {
        ...process.env,
        LNBITS_BACKEND_WALLET_CLASS: 'FakeWallet',
        LNBITS_DATA_FOLDER: this.dataDir,
        LNBITS_EXTENSIONS_MANIFESTS: '[]',
        // lets a test act as a wallet's owner by user id (to reset its keys, as an operator would in LNbits)
        AUTH_ALLOWED_METHODS: '["username-password", "user-id-only"]',
        ...(this.rateLimit ? { LNBITS_RATE_LIMIT_NO: String(this.rateLimit) } : {}),
        DEBUG: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // LNbits runs its server in a multiprocessing child: a group of its own lets us stop both.
      detached: true,
    })
    this.child = child
    const keep = (c: Buffer) => {
      this.output = (this.output + c.toString()).slice(-20_000)
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`LNbits exited with ${child.exitCode}:\n${this.output}`)
      try {
        const r = await fetch(`${this.url}/api/v1/health`, { redirect: 'manual', signal: AbortSignal.timeout(1000) })
        if (r.status === 200 || r.status === 307) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error(`LNbits did not start within 60 s:\n${this.output}`)
  }

  /** Stops LNbits, server process included (the data folder stays, so launch() brings the same LNbits back). */
  async halt(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child
    if (!child?.pid) return
    const group = -child.pid
    const signalGroup = (s: NodeJS.Signals) => {
      try {
        process.kill(group, s)
      } catch {
        // already gone
      }
    }
    signalGroup(signal)
    const deadline = Date.now() + 10_000
    while (await this.listening()) {
      if (Date.now() > deadline) {
        signalGroup('SIGKILL')
        break
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    signalGroup('SIGKILL') // whatever is left of the group
    this.child = undefined
  }

  private async listening(): Promise<boolean> {
    try {
      await fetch(`${this.url}/api/v1/health`, { redirect: 'manual', signal: AbortSignal.timeout(500) })
      return true
    } catch {
      return false
    }
  }

  /** LNbits' own SQLite file (the benchmark seeds it while LNbits is halted). */
  get databasePath(): string {
    return join(this.dataDir, 'database.sqlite3')
  }

  async stop(): Promise<void> {
    await this.halt()
    rmSync(this.dataDir, { recursive: true, force: true })
  }

  async newWallet(name: string): Promise<TestWallet> {
    return (await this.json('POST', '/api/v1/account', { name })) as TestWallet
  }

  /** Credits a wallet from nowhere (LNbits' super-user balance endpoint): the test's faucet. */
  async fund(walletId: string, sats: number): Promise<void> {
    await this.json('PUT', '/users/api/v1/balance', { id: walletId, amount: sats }, { Authorization: `Bearer ${this.token}` })
  }

  /** What an operator does in LNbits after a key leaked: both keys of the wallet are replaced. */
  async resetKeys(wallet: TestWallet): Promise<{ adminkey: string; inkey: string }> {
    return (await this.json('PUT', `/api/v1/wallet/reset/${wallet.id}?usr=${wallet.user}`)) as { adminkey: string; inkey: string }
  }

  async balanceMsat(key: string): Promise<number> {
    return ((await this.json('GET', '/api/v1/wallet', undefined, { 'X-Api-Key': key })) as { balance: number }).balance
  }

  async json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const r = await fetch(this.url + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    if (!r.ok) throw new Error(`LNbits ${method} ${path}: HTTP ${r.status} ${text}`)
    return JSON.parse(text)
  }
}

function sitePackagesDir(): string {
  const lib = join(VENV, 'lib')
  const python = readdirSync(lib).find((d) => d.startsWith('python'))
  if (!python) throw new Error(`No Python in ${lib}: run node scripts/lnbits-venv.mjs`)
  return join(lib, python, 'site-packages')
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { satop, satopOnTerminal, satopWithInput, startSatop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

// The CLI keeps secrets out of argv, unlocks a passphrase key without it, says "no" with its own
// exit status, and runs the app's background work without a window (issue 10, item 5).

let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => dir.remove())

const PASSPHRASE = 'a long passphrase, typed once'

/** How often a prompt has been shown: a test types only once it is (keys typed between two prompts are echoed by the terminal). */
const shown = (output: string, prompt: RegExp | string) =>
  typeof prompt === 'string' ? output.split(prompt).length - 1 : (output.match(new RegExp(prompt.source, 'g')) ?? []).length

describe('satop: secrets stay out of argv', () => {
  it("takes a command's arguments from standard input (-) or a file (@FILE)", async () => {
    const fromStdin = await satopWithInput(
      ['call', 'machines.create', '-', '--data-dir', dir.path],
      JSON.stringify(machineArgs({ name: 'From stdin' })),
    )
    expect(fromStdin).toMatchObject({ code: 0, json: { name: 'From stdin' } })
    const file = join(dir.path, 'args.json')
    writeFileSync(file, JSON.stringify(machineArgs({ name: 'From a file' })))
    expect(await satop(['call', 'machines.create', `@${file}`, '--data-dir', dir.path])).toMatchObject({
      code: 0,
      json: { name: 'From a file' },
    })
    expect(await satop(['call', 'machines.create', `@${join(dir.path, 'missing.json')}`, '--data-dir', dir.path])).toMatchObject({
      code: 2,
      json: { error: { code: 'invalid_args', message: expect.stringContaining('Cannot read the arguments') } },
    })
  })

  it('unlocks a passphrase-protected key from a file or standard input, never from argv', async () => {
    const created = await satopWithInput(
      ['call', 'signer.createLocal', '-', '--data-dir', dir.path],
      JSON.stringify({ passphrase: PASSPHRASE }),
    )
    expect(created).toMatchObject({ code: 0, json: { mode: 'local', ready: true } })
    // a new process: the key is locked again
    expect((await satop(['call', 'signer.status', '{}', '--data-dir', dir.path])).json).toMatchObject({ mode: 'local', ready: false })
    const file = join(dir.path, 'passphrase')
    writeFileSync(file, `${PASSPHRASE}\n`)
    expect((await satop(['call', 'signer.status', '{}', '--data-dir', dir.path, '--passphrase-file', file])).json).toMatchObject({
      ready: true,
    })
    expect(
      (await satopWithInput(['call', 'signer.status', '{}', '--data-dir', dir.path, '--passphrase-file', '-'], PASSPHRASE)).json,
    ).toMatchObject({
      ready: true,
    })
    const wrong = await satopWithInput(['call', 'signer.status', '{}', '--data-dir', dir.path, '--passphrase-file', '-'], 'not it')
    expect(wrong.code).toBe(1)
    expect(wrong.json).toMatchObject({ error: { message: expect.stringContaining('does not open this key') } })
    expect(await satopWithInput(['call', 'signer.status', '-', '--data-dir', dir.path, '--passphrase-file', '-'], '{}')).toMatchObject({
      code: 2,
    })
  }, 60_000)
})

describe('satop on a terminal: a locked key is asked for, never echoed', () => {
  /** a passphrase key, locked again in the next process, and a machine whose fee config waits in the outbox to be signed */
  async function lockedKeyWithWork() {
    await satopWithInput(['call', 'signer.createLocal', '-', '--data-dir', dir.path], JSON.stringify({ passphrase: PASSPHRASE }))
    expect((await satop(['call', 'machines.create', JSON.stringify(machineArgs()), '--data-dir', dir.path])).code).toBe(0)
  }
  const PROMPT = /Passphrase for the operator key npub1\w+: /

  it('sync.run asks, allows another try after a wrong one, and signs once unlocked', async () => {
    await lockedKeyWithWork()
    const t = satopOnTerminal(['call', 'sync.run', '{}', '--data-dir', dir.path])
    await expect.poll(() => t.output(), { timeout: 15_000 }).toMatch(PROMPT)
    t.type('not it\r')
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain('The passphrase does not open this key. Try again (2 left).')
    await expect.poll(() => shown(t.output(), PROMPT), { timeout: 15_000 }).toBe(2)
    t.type(`${PASSPHRASE}\r`)
    expect(await t.exited).toBe(0)
    expect(t.output()).toMatch(/"signed": 1,\s+"delivered": 0,\s+"waiting": 1,\s+"signer_error": null/)
    expect(t.output()).not.toContain(PASSPHRASE)
    expect(t.output()).not.toContain('not it')
  }, 60_000)

  it('satop run asks once at the start, then runs until Ctrl+C and stops cleanly', async () => {
    await lockedKeyWithWork()
    const t = satopOnTerminal(['run', '--data-dir', dir.path], { SATOP_SYNC_INTERVAL_MS: '200' })
    await expect.poll(() => t.output(), { timeout: 15_000 }).toMatch(PROMPT)
    t.type(`${PASSPHRASE}\r`)
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain('"running":true')
    // its rounds sign what the outbox holds (no relay here: it waits, signed)
    await expect
      .poll(async () => ((await satop(['call', 'outbox.list', '{}', '--data-dir', dir.path])).json as { status: string }[])[0]?.status, {
        timeout: 15_000,
      })
      .toBe('signed')
    t.type('\x03')
    expect(await t.exited).toBe(0)
    expect(t.output()).toContain('"stopped":true')
    expect(t.output()).not.toContain(PASSPHRASE)
  }, 60_000)

  it('Ctrl+C at the prompt runs nothing; three wrong tries give up with the reason', async () => {
    await lockedKeyWithWork()
    const cancelled = satopOnTerminal(['call', 'sync.run', '{}', '--data-dir', dir.path])
    await expect.poll(() => cancelled.output(), { timeout: 15_000 }).toMatch(PROMPT)
    cancelled.type('\x03')
    expect(await cancelled.exited).toBe(2)
    expect(cancelled.output()).toContain('Cancelled: the key stays locked, and nothing was run.')
    const wrong = satopOnTerminal(['call', 'sync.run', '{}', '--data-dir', dir.path])
    for (const [i, left] of ['2 left', '1 left'].entries()) {
      await expect.poll(() => shown(wrong.output(), PROMPT), { timeout: 15_000 }).toBe(i + 1)
      wrong.type('not it\r')
      await expect.poll(() => wrong.output(), { timeout: 15_000 }).toContain(left)
    }
    await expect.poll(() => shown(wrong.output(), PROMPT), { timeout: 15_000 }).toBe(3)
    wrong.type('still not it\r')
    expect(await wrong.exited).toBe(1)
    expect(wrong.output()).toContain('"message": "The passphrase does not open this key."')
    // nothing was signed by either
    expect((await satop(['call', 'outbox.list', '{}', '--data-dir', dir.path])).json).toEqual([
      expect.objectContaining({ status: 'intent', event_id: null }),
    ])
  }, 60_000)

  it('without a terminal nothing is asked: the round runs, says the key is locked, and how to unlock it', async () => {
    await lockedKeyWithWork()
    const piped = await satop(['call', 'sync.run', '{}', '--data-dir', dir.path])
    expect(piped).toMatchObject({ code: 0, json: { outbox: { signed: 0, signer_error: expect.stringContaining('locked') } } })
    expect(piped.stderr).toContain('there is no terminal to ask on')
    expect(piped.stderr).not.toMatch(PROMPT)
    // a command that signs nothing never asks, on a terminal either
    const read = satopOnTerminal(['call', 'machines.list', '{}', '--data-dir', dir.path])
    expect(await read.exited).toBe(0)
    expect(read.output()).not.toMatch(PROMPT)
  }, 60_000)
})

describe("satop: the ledger's secrets under a passphrase", () => {
  const SECRETS_PROMPT = "Passphrase for this ledger's secrets (its LNbits keys): "
  async function protectedLedger(): Promise<string> {
    const machine = await satop(['call', 'machines.create', JSON.stringify(machineArgs()), '--data-dir', dir.path])
    expect(machine.code).toBe(0)
    await satopWithInput(['call', 'signer.createLocal', '-', '--data-dir', dir.path], JSON.stringify({ passphrase: PASSPHRASE }))
    const protectedNow = await satopWithInput(
      ['call', 'secrets.protect', '-', '--data-dir', dir.path],
      JSON.stringify({ with: 'passphrase', passphrase: PASSPHRASE }),
    )
    expect(protectedNow).toMatchObject({ code: 0, json: { protection: 'passphrase', locked: false } })
    return (machine.json as { id: string }).id
  }
  const lpArgs = (machineId: string, name: string) =>
    JSON.stringify({ machine_id: machineId, name, payout_destination: `${name.toLowerCase()}@example.com` })

  it('one --passphrase-file opens the secrets and the operator key; without it, and no terminal, what needs them is refused saying how', async () => {
    const machineId = await protectedLedger()
    const refused = await satop(['call', 'clients.create', lpArgs(machineId, 'Ana'), '--data-dir', dir.path])
    expect(refused).toMatchObject({
      code: 1,
      json: { error: { code: 'unavailable', message: expect.stringContaining('--passphrase-file') } },
    })
    expect(refused.stderr).toContain("The ledger's secrets are locked and there is no terminal to ask on")
    expect((await satop(['call', 'clients.list', '{}', '--data-dir', dir.path])).json).toMatchObject({ items: [] })
    const file = join(dir.path, 'passphrase')
    writeFileSync(file, `${PASSPHRASE}\n`)
    expect(
      await satop(['call', 'clients.create', lpArgs(machineId, 'Ana'), '--data-dir', dir.path, '--passphrase-file', file]),
    ).toMatchObject({
      code: 0,
      json: { name: 'Ana' },
    })
    // the same file opened the operator key too: the round signs the machine's fee config
    const round = await satop(['call', 'sync.run', '{}', '--data-dir', dir.path, '--passphrase-file', file])
    expect(round).toMatchObject({ code: 0, json: { secrets_locked: false, outbox: { signed: 1, signer_error: null } } })
    const wrong = join(dir.path, 'wrong')
    writeFileSync(wrong, 'not the passphrase')
    expect(await satop(['call', 'secrets.status', '{}', '--data-dir', dir.path, '--passphrase-file', wrong])).toMatchObject({
      code: 1,
      json: { error: { code: 'invalid_args', message: expect.stringContaining('does not open the data key') } },
    })
  }, 60_000)

  it('a passphrase file that opens only one of the two says which stays locked, and the work that needs only that one runs', async () => {
    const machineId = await protectedLedger()
    // the operator key gets a passphrase of its own
    await satopWithInput(['call', 'signer.disconnect', '-', '--data-dir', dir.path], JSON.stringify({ forget_local_key: true }))
    await satopWithInput(['call', 'signer.createLocal', '-', '--data-dir', dir.path], JSON.stringify({ passphrase: 'another passphrase' }))
    const file = join(dir.path, 'passphrase')
    writeFileSync(file, PASSPHRASE)
    const r = await satop(['call', 'clients.create', lpArgs(machineId, 'Ana'), '--data-dir', dir.path, '--passphrase-file', file])
    expect(r).toMatchObject({ code: 0, json: { name: 'Ana' } })
    expect(r.stderr).toContain('The operator key stays locked.')
    const wrong = join(dir.path, 'wrong')
    writeFileSync(wrong, 'opens neither')
    expect(await satop(['call', 'clients.list', '{}', '--data-dir', dir.path, '--passphrase-file', wrong])).toMatchObject({
      code: 1,
      json: { error: { code: 'invalid_args' } },
    })
  }, 60_000)

  it('on a terminal, a command that changes things asks for the secrets first; reading never asks', async () => {
    const machineId = await protectedLedger()
    const t = satopOnTerminal(['call', 'clients.create', lpArgs(machineId, 'Bea'), '--data-dir', dir.path])
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain(SECRETS_PROMPT)
    t.type('not it\r')
    await expect
      .poll(() => t.output(), { timeout: 15_000 })
      .toContain('That passphrase does not open the data key. Nothing was changed. Try again (2 left).')
    await expect.poll(() => shown(t.output(), SECRETS_PROMPT), { timeout: 15_000 }).toBe(2)
    t.type(`${PASSPHRASE}\r`)
    expect(await t.exited).toBe(0)
    expect(t.output()).toContain('"name": "Bea"')
    expect(t.output()).not.toContain(PASSPHRASE)
    const read = satopOnTerminal(['call', 'secrets.status', '{}', '--data-dir', dir.path])
    expect(await read.exited).toBe(0)
    expect(read.output()).not.toContain(SECRETS_PROMPT)
    expect(read.output()).toMatch(/"locked": true/)
  }, 60_000)
})

describe('satop: verdicts and the background', () => {
  it('exits 3 with the JSON when the verdict is no (an audit chain that does not hold)', async () => {
    await satop(['call', 'machines.create', JSON.stringify(machineArgs()), '--data-dir', dir.path])
    expect(await satop(['call', 'audit.verify', '{}', '--data-dir', dir.path])).toMatchObject({ code: 0, json: { intact: true } })
    const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    db.exec("DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET actor = 'someone else'")
    db.close()
    expect(await satop(['call', 'audit.verify', '{}', '--data-dir', dir.path])).toMatchObject({
      code: 3,
      json: { intact: false, broken_at: 1 },
    })
  })

  it('satop run holds the core open (its background loop is tested with the core) until SIGTERM, then stops cleanly', async () => {
    const child = startSatop(['run', '--data-dir', dir.path], { SATOP_SYNC_INTERVAL_MS: '200' })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await expect.poll(() => out, { timeout: 15_000 }).toContain('"running":true')
    // it runs sync rounds: the processing switch's status is read from the same ledger meanwhile
    expect(await satop(['call', 'processing.status', '{}', '--data-dir', dir.path])).toMatchObject({ code: 0, json: { paused: false } })
    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number]
    expect(code).toBe(0)
    expect(out).toContain('"stopped":true')
  }, 30_000)
})

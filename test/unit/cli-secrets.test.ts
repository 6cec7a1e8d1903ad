import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { satop, satopWithInput, startSatop } from '../support/cli'
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

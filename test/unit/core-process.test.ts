import { afterEach, describe, expect, it } from 'vitest'
import { fork, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PushEvent } from '../../src-shared/contract/events'
import { connectCore, type CoreClient } from '../../src-main/core-process/client'
import type { KeyProtector } from '../../src-main/core/signer/signer-host'
import { machineArgs } from '../support/core'
import { PROJECT_ROOT, tempDir } from '../support/tmp'

// The core in a process of its own, as the desktop app will run it in a utilityProcess: here the
// same built entry under plain Node (child_process.fork), speaking the same messages.
const ENTRY = join(PROJECT_ROOT, 'out', 'main', 'core-process.js')
const started: ChildProcess[] = []
const dirs: { remove(): void }[] = []
afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) d.remove()
})

async function start(dataDir: string, keychain?: KeyProtector): Promise<{ child: ChildProcess; core: CoreClient }> {
  const child = fork(ENTRY, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  started.push(child)
  const port = { postMessage: (m: unknown) => child.send(m as never), onMessage: (l: (m: unknown) => void) => child.on('message', l) }
  const core = await connectCore(port, { dataDir }, keychain)
  child.once('exit', (code) => core.exited(code))
  return { child, core }
}

describe('the core in its own process', () => {
  it('opens the ledger, runs commands, pushes events, and closes cleanly when asked', async () => {
    const dir = tempDir('satop-core-process-')
    dirs.push(dir)
    const { child, core } = await start(dir.path)
    expect(core.ledgerPath).toBe(join(dir.path, 'ledger.sqlite'))
    const events: PushEvent[] = []
    core.onEvent((e) => events.push(e))
    const created = await core.call('machines.create', machineArgs(), { actor: 'ui' })
    expect(created).toMatchObject({ ok: true, result: { name: expect.any(String) } })
    const id = (created as { result: { id: string } }).result.id
    await expect.poll(() => events).toContainEqual({ name: 'machines.changed', payload: { id } })
    expect(await core.call('machines.list', {}, { actor: 'ui' })).toMatchObject({ ok: true, result: { items: [{ id }] } })
    // a refusal is the core's typed reply, as over IPC
    expect(await core.call('machines.get', { id: 42 }, { actor: 'ui' })).toMatchObject({ ok: false, error: { code: 'invalid_args' } })
    const exited = new Promise<number | null>((r) => child.once('exit', r))
    await core.close()
    expect(await exited).toBe(0)
  })

  it('a core that dies answers every waiting call unavailable and says so; a new one opens the same ledger', async () => {
    const dir = tempDir('satop-core-process-')
    dirs.push(dir)
    const first = await start(dir.path)
    await first.core.call('machines.create', machineArgs(), { actor: 'ui' })
    const gone = new Promise<number | null>((r) => first.core.onExit(r))
    const waiting = first.core.call('sync.run', {}, { actor: 'ui' })
    first.child.kill('SIGKILL')
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('restarted') } })
    expect(await gone).toBeNull()
    expect(await first.core.call('machines.list', {}, { actor: 'ui' })).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    const second = await start(dir.path)
    expect(await second.core.call('machines.list', {}, { actor: 'ui' })).toMatchObject({
      ok: true,
      result: { items: [expect.any(Object)] },
    })
    await second.core.close()
  })

  it('a ledger that cannot be opened is said, not hung on', async () => {
    const dir = tempDir('satop-core-process-')
    dirs.push(dir)
    const child = fork(ENTRY, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    started.push(child)
    const port = { postMessage: (m: unknown) => child.send(m as never), onMessage: (l: (m: unknown) => void) => child.on('message', l) }
    const blocker = join(dir.path, 'a-file')
    writeFileSync(blocker, 'not a folder')
    const exited = new Promise<number | null>((r) => child.once('exit', r))
    await expect(connectCore(port, { dataDir: join(blocker, 'data') })).rejects.toThrow(/Could not open the ledger/)
    expect(await exited).toBe(1) // said, then gone: no idle process is left behind
  })

  it('reaches the OS keychain through the main process: a key kept by it opens again in the next core', async () => {
    const dir = tempDir('satop-core-process-')
    dirs.push(dir)
    // the main process's keychain (safeStorage exists only there): reversible, and it counts its uses
    const uses: string[] = []
    const keychain: KeyProtector = {
      available: () => true,
      encrypt: async (t) => (uses.push('encrypt'), Buffer.from(t.split('').reverse().join(''))),
      decrypt: async (c) => (uses.push('decrypt'), c.toString().split('').reverse().join('')),
    }
    const first = await start(dir.path, keychain)
    expect(await first.core.call('signer.createLocal', {}, { actor: 'ui' })).toMatchObject({
      ok: true,
      result: { protection: 'os', ready: true },
    })
    // the data key was wrapped as the folder was made (and read back before it was kept), then the operator's key
    expect(uses).toEqual(['encrypt', 'decrypt', 'encrypt'])
    expect(await first.core.call('secrets.status', {}, { actor: 'ui' })).toMatchObject({
      ok: true,
      result: { protection: 'os', locked: false },
    })
    await first.core.close()
    const second = await start(dir.path, keychain)
    await second.core.call('machines.create', machineArgs(), { actor: 'ui' }) // its fee config is signed in the round: the key opens then
    await second.core.call('sync.run', {}, { actor: 'ui' })
    expect(await second.core.call('signer.status', {}, { actor: 'ui' })).toMatchObject({ ok: true, result: { mode: 'local', ready: true } })
    expect(uses).toEqual(['encrypt', 'decrypt', 'encrypt', 'decrypt', 'decrypt'])
    await second.core.close()
    // without a keychain in the main process, a key needs a passphrase
    const third = await start(tempDir('satop-core-process-').path)
    expect(await third.core.call('signer.createLocal', {}, { actor: 'ui' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'passphrase' }] },
    })
    await third.core.close()
  })
})

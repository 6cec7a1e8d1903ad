import { afterEach, describe, expect, it } from 'vitest'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { machineArgs } from '../support/core'
import { coreAt, ok } from '../support/ledger-fixture'
import { tempDir } from '../support/tmp'

const dirs: { path: string; remove(): void }[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove()
})

const mode = (path: string) => statSync(path).mode & 0o777

describe.skipIf(process.platform === 'win32')('the data folder is the operator’s alone', () => {
  it('is 0700, and the ledger, its WAL, the data key and every backup are 0600, whatever the umask', async () => {
    const before = process.umask(0o022)
    try {
      const dir = tempDir('satop-private-')
      dirs.push(dir)
      const data = join(dir.path, 'data') // made by the app
      const core = coreAt(data)
      try {
        await ok(core, 'machines.create', machineArgs())
        await ok(core, 'backup.create', {})
        // while the ledger is open its write-ahead log and shared memory are there too
        for (const f of ['ledger.sqlite-wal', 'ledger.sqlite-shm']) expect([f, mode(join(data, f))]).toEqual([f, 0o600])
      } finally {
        await core.close()
      }
      expect(mode(data)).toBe(0o700)
      const files = readdirSync(data, { recursive: true, withFileTypes: true })
      expect(files.filter((f) => f.isFile()).map((f) => f.name)).toEqual(expect.arrayContaining(['ledger.sqlite', 'data.key']))
      for (const f of files) {
        const path = join(f.parentPath, f.name)
        expect([path, mode(path)]).toEqual([path, f.isDirectory() ? 0o700 : 0o600])
      }
      expect(files.some((f) => f.parentPath.endsWith('backups') && f.name.endsWith('.sqlite'))).toBe(true)
    } finally {
      process.umask(before)
    }
  })
})

import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { privateDir } from '../ledger/private-files'
import { join } from 'node:path'

/** One empty file per process that has the data folder open (`.open/<pid>`): a restore must be alone. */
const DIR = '.open'

/** Marks this process as having the folder open; the returned function unmarks it. */
export function registerOpen(dataDir: string): () => void {
  const dir = join(dataDir, DIR)
  privateDir(dir)
  const mine = join(dir, String(process.pid))
  writeFileSync(mine, '')
  return () => rmSync(mine, { force: true })
}

/** The other processes that have it open now; marks left by processes that died are removed. */
export function openElsewhere(dataDir: string): number[] {
  const dir = join(dataDir, DIR)
  if (!existsSync(dir)) return []
  const alive: number[] = []
  for (const f of readdirSync(dir)) {
    const pid = Number(f)
    if (!Number.isSafeInteger(pid) || pid === process.pid) continue
    if (isAlive(pid)) alive.push(pid)
    else rmSync(join(dir, f), { force: true })
  }
  return alive
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // alive, another user's
  }
}

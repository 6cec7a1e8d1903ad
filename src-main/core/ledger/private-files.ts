import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'

/**
 * The data folder and what it holds are the operator's alone: folders 0700, files 0600, whatever
 * the umask (SQLite and the backup API create files with the default mode). On Windows the modes
 * mean little; the folder sits in the user's own profile, whose ACL keeps other users out. A file
 * system that keeps no modes (vfat, SMB) or a folder another user owns cannot be tightened: the
 * ledger still opens there (that is the operator's choice of folder, docs/security.md).
 */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  tighten(path, 0o700)
}

/** Makes an existing file 0600; a file not there (a WAL not made yet) is left alone. */
export function privateFile(path: string): void {
  if (existsSync(path)) tighten(path, 0o600)
}

function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode)
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e
  }
}

/** A whole file, synced to disk before it is trusted; `exclusive` refuses a name that exists. */
export function writeDurably(path: string, bytes: Buffer, exclusive: boolean, mode = 0o600): void {
  const fd = openSync(path, exclusive ? 'wx' : 'w', mode)
  try {
    let at = 0
    while (at < bytes.length) at += writeSync(fd, bytes, at)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

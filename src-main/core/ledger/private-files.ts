import { chmodSync, existsSync, mkdirSync } from 'node:fs'

/**
 * The data folder and what it holds are the operator's alone: folders 0700, files 0600, whatever
 * the umask (SQLite and the backup API create files with the default mode). On Windows the modes
 * mean little; the folder sits in the user's own profile, whose ACL keeps other users out.
 */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  chmodSync(path, 0o700)
}

/** Makes an existing file 0600; a file not there (a WAL not made yet) is left alone. */
export function privateFile(path: string): void {
  if (existsSync(path)) chmodSync(path, 0o600)
}

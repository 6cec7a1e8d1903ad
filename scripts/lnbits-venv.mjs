#!/usr/bin/env node
// Creates (once) the Python virtualenv holding the pinned LNbits the integration tests run.
// Idempotent: a stamp records which requirements it was built from. It lives outside the work
// tree (the tests must not write into it, and LNbits writes beside its own files).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** SATOP_LNBITS_VENV chooses another place. */
export const LNBITS_VENV = process.env.SATOP_LNBITS_VENV ?? join(homedir(), '.cache', 'satmachine-operator', 'lnbits-venv')
const venv = LNBITS_VENV
const requirements = join(root, 'test', 'lnbits', 'requirements.txt')
const stamp = join(venv, '.satop-stamp')
const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex')

export function lnbitsVenvReady() {
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted
}

export function ensureLnbitsVenv(log = (m) => process.stderr.write(m + '\n')) {
  if (lnbitsVenvReady()) return venv
  log(`Preparing the LNbits test peer in ${venv} (once; about a minute)…`)
  rmSync(venv, { recursive: true, force: true })
  mkdirSync(dirname(venv), { recursive: true })
  const python = process.env.PYTHON ?? 'python3'
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' })
  const pip = join(venv, 'bin', 'pip')
  execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check', '-r', requirements], { stdio: 'inherit' })
  writeFileSync(stamp, wanted)
  return venv
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureLnbitsVenv()

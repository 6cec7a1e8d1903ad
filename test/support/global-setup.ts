import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensureLnbitsVenv } from '../../scripts/lnbits-venv.mjs'

/**
 * Tests that run the real CLI, bridge entry or renderer need the build, and the LNbits
 * integration tests need the pinned LNbits. `npm test` builds first; this covers a bare
 * `npx vitest` on a fresh checkout, and creates the LNbits virtualenv once.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..')
  if (!existsSync(join(root, 'out', 'main', 'cli.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    })
  }
  ensureLnbitsVenv()
}

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Tests that run the real CLI, bridge entry or renderer need the build. `npm test` builds
 * first; this only covers a bare `npx vitest` on a fresh checkout.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..')
  if (!existsSync(join(root, 'out', 'main', 'cli.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  }
}

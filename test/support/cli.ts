import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from './tmp'

/** Runs the real `satop` binary (bin/satop.mjs over the built CLI). */
export function satop(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string; json: unknown }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PROJECT_ROOT, 'bin', 'satop.mjs'), ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, json })
    })
  })
}

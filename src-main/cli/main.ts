import { stderrLogger } from '../core/log'
import { runCli } from './run'

runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), env: process.env, logger: stderrLogger }).then(
  (status) => {
    process.exitCode = status
  },
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: { code: 'internal', message: (e as Error).message } }) + '\n')
    process.exitCode = 1
  },
)

import { stderrLogger } from '../core/log'
import { runCli } from './run'

// `satop … | head` closes the pipe early: that is the reader's choice, not an error to crash on.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), env: process.env, logger: stderrLogger }).then(
  (status) => {
    process.exitCode = status
  },
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: { code: 'internal', message: (e as Error).message } }) + '\n')
    process.exitCode = 1
  },
)

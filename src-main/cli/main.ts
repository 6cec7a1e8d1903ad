import { stderrLogger } from '../core/log'
import { runCli } from './run'

// `satop … | head` closes the pipe early: that is the reader's choice, not an error to crash on.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// Resolves on SIGTERM or Ctrl+C; holds the process open until then (the core's timers do not).
const stopped = () =>
  new Promise<void>((resolve) => {
    const keepAlive = setInterval(() => {}, 1 << 30)
    const stop = () => {
      clearInterval(keepAlive)
      resolve()
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  env: process.env,
  logger: stderrLogger,
  stdin: readStdin,
  stopped,
}).then(
  (status) => {
    process.exitCode = status
  },
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: { code: 'internal', message: (e as Error).message } }) + '\n')
    process.exitCode = 1
  },
)

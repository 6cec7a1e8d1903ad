import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openCore } from '../core/core'
import { ingestOptionsFromEnv } from '../core/ingestion/ingest'
import { stderrLogger } from '../core/log'
import { defaultDataDir } from '../core/paths'
import { CommandError } from '../../src-shared/contract/errors'
import { startBridge } from './server'

/** `npm run serve`: the app in a browser, for machines where Electron cannot run. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' } },
  })
  const dataDir = values['data-dir'] ?? defaultDataDir()
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`)
  const syncIntervalMs = Number(process.env.SATOP_SYNC_INTERVAL_MS ?? 30_000)
  if (!Number.isSafeInteger(syncIntervalMs) || syncIntervalMs < 100)
    throw new Error('SATOP_SYNC_INTERVAL_MS must be a whole number of milliseconds, at least 100.')
  const core = openCore({ dataDir, ingestion: ingestOptionsFromEnv(process.env), background: { syncIntervalMs } })
  const bridge = await startBridge({ core, logger: stderrLogger, port, staticDir: join(import.meta.dirname, '..', 'renderer') })
  process.stdout.write(`SatMachine Operator (browser mode)\n  ledger: ${core.ledgerPath}\n  open:   ${bridge.url}\nPress Ctrl+C to stop.\n`)
  const stop = async () => {
    await bridge.close()
    await core.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  const message = e instanceof CommandError ? e.message : (e as Error).message
  process.stderr.write(`satop serve: ${message}\n`)
  process.exit(1)
})

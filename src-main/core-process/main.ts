import { openCore } from '../core/core'
import { ingestOptionsFromEnv } from '../core/ingestion/ingest'
import type { Port } from './messages'
import { serveCore } from './serve'

// The core as a process of its own: in the desktop app an Electron utilityProcess (whose channel
// is `process.parentPort`), under plain Node a child of `child_process.fork` (`process.send`).
interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

const port: Port = parentPort
  ? { postMessage: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data)) }
  : { postMessage: (m) => process.send!(m), onMessage: (l) => process.on('message', l) }

serveCore(
  port,
  (opts) => openCore({ ...opts, ingestion: ingestOptionsFromEnv(process.env) }),
  (code) => process.exit(code),
)

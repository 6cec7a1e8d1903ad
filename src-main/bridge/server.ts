import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { BRIDGE_WS_PATH, type BridgeMessage, type BridgeRequest } from '../../src-shared/contract/transport'
import type { Core } from '../core/core'
import type { Logger } from '../core/log'
import { isAllowedHost, isLoopbackAddress } from './loopback'
import { send, serveStatic } from './static'

export interface BridgeOptions {
  core: Core
  logger: Logger
  /** loopback only; anything else is refused before binding */
  host?: string
  /** 0 (default) picks a free port */
  port?: number
  /** the built renderer; without it only the WebSocket is served */
  staticDir?: string
  /** defaults to a fresh random token per launch */
  token?: string
  actor?: string
}

export interface Bridge {
  /** the address to open in a browser, token included */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * The command table over a WebSocket on 127.0.0.1, so the renderer runs in a plain browser.
 * Guards: bound to loopback, loopback peers only, Host header checked (DNS rebinding),
 * and a per-launch token on the WebSocket.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopbackAddress(host)) throw new Error(`The bridge only binds to a loopback address, not ${host}.`)
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const actor = opts.actor ?? 'bridge'
  let port = 0

  const http = createServer((req, res) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return send(res, 403, 'Only this computer may connect.')
    if (!isAllowedHost(req.headers.host, port)) return send(res, 421, 'Unexpected Host header.')
    if (!opts.staticDir) return send(res, 404, 'Not found')
    serveStatic(opts.staticDir, req, res).catch((e: Error) => {
      opts.logger.error('bridge static file failed', { error: e.message })
      if (!res.headersSent) send(res, 500, 'Internal error')
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal = refuseUpgrade(req, port, token)
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws))
  })

  const sockets = new Set<WebSocket>()
  function serveSocket(ws: WebSocket): void {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data) => {
      void handleMessage(ws, data.toString())
    })
  }

  async function handleMessage(ws: WebSocket, text: string): Promise<void> {
    let req: BridgeRequest
    try {
      req = JSON.parse(text) as BridgeRequest
      if (typeof req !== 'object' || req === null || typeof req.id !== 'number' || typeof req.name !== 'string')
        throw new Error('needs {id:number, name:string, args}')
    } catch (e) {
      reply(ws, {
        type: 'reply',
        id: null,
        reply: { ok: false, error: { code: 'invalid_args', message: `Malformed request: ${(e as Error).message}` } },
      })
      return
    }
    const result = await opts.core.call(req.name, req.args, { actor })
    reply(ws, { type: 'reply', id: req.id, reply: result })
  }

  function reply(ws: WebSocket, message: BridgeMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }

  const unsubscribe = opts.core.onEvent((event) => {
    const text = JSON.stringify({ type: 'event', event } satisfies BridgeMessage)
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  port = (http.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

/** Why an upgrade is refused (an HTTP status line), or undefined to accept it. */
function refuseUpgrade(req: IncomingMessage, port: number, token: string): string | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return '403 Forbidden'
  if (!isAllowedHost(req.headers.host, port)) return '421 Misdirected Request'
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== BRIDGE_WS_PATH) return '404 Not Found'
  const origin = req.headers.origin
  if (origin !== undefined && !isAllowedHost(origin.replace(/^https?:\/\//, ''), port)) return '403 Forbidden'
  if (!tokenMatches(url.searchParams.get('token'), token)) return '401 Unauthorized'
  return undefined
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

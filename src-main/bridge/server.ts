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

/** At most this many windows at once: a page opening sockets in a loop cannot exhaust the process. */
export const MAX_SOCKETS = 16
/** At most this many HTTP connections at once (the sockets among them). */
export const MAX_CONNECTIONS = 64

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
 * and a per-launch token on the WebSocket. Nothing a peer sends can stop it: every malformed
 * request, reset connection and protocol error is answered or dropped and logged, never thrown
 * (the process also runs the payout loop).
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopbackAddress(host)) throw new Error(`The bridge only binds to a loopback address, not ${host}.`)
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const actor = opts.actor ?? 'bridge'
  let port = 0

  const http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return send(res, 403, 'Only this computer may connect.')
    if (!isAllowedHost(req.headers.host, port)) return send(res, 421, 'Unexpected Host header.')
    if (!opts.staticDir) return send(res, 404, 'Not found')
    serveStatic(opts.staticDir, req, res).catch((e: Error) => {
      opts.logger.error('bridge static file failed', { error: e.message })
      if (!res.headersSent) send(res, 500, 'Internal error')
    })
  })

  http.maxConnections = MAX_CONNECTIONS
  // A request Node cannot parse (or a socket reset mid-request) is answered 400 where it still can be.
  http.on('clientError', (e: NodeJS.ErrnoException, socket: Socket) => {
    if (e.code !== 'ECONNRESET' && socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  const sockets = new Set<WebSocket>()
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // a peer that resets the connection (after a refusal, or mid-handshake) is no error of ours
    socket.on('error', (e) => opts.logger.info('bridge: a connection ended abruptly', { error: e.message }))
    const refusal = sockets.size >= MAX_SOCKETS ? '503 Service Unavailable' : refuseUpgrade(req, port, token)
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws))
  })

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    // a frame over the limit, invalid UTF-8, a bad opcode: ws closes the socket with the reason; we log it
    ws.on('error', (e) => opts.logger.warn('bridge: a socket broke the WebSocket protocol and was closed', { error: e.message }))
    ws.on('message', (data, isBinary) => {
      handleMessage(ws, isBinary ? null : data.toString()).catch((e: unknown) => {
        opts.logger.error('bridge: a request failed', { error: (e as Error).message })
        reply(ws, {
          type: 'reply',
          id: null,
          reply: { ok: false, error: { code: 'internal', message: 'The request failed inside the app.' } },
        })
      })
    })
  }

  async function handleMessage(ws: WebSocket, text: string | null): Promise<void> {
    let req: BridgeRequest
    try {
      if (text === null) throw new Error('a binary frame; send JSON text')
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
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1')
  } catch {
    return '400 Bad Request'
  }
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

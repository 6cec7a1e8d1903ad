import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export interface ProxiedCall {
  method: string
  path: string
  /** 'invoice' | 'pay' for POST /api/v1/payments, else 'read' */
  kind: 'invoice' | 'pay' | 'read'
  /** how many calls of this kind came before this one */
  index: number
  /** the X-Api-Key it carries (which wallet it is about) */
  apiKey: string
}

/** Where to cut the wire: before forwarding, right after forwarding, or once LNbits has answered (not relayed). */
export type Cut = 'before' | 'forwarded' | 'answered'

/** A fault on one matching call: answer it here without forwarding, or forward it and answer late. */
export interface Fault {
  match: (c: ProxiedCall) => boolean
  respond?: { status: number; body: unknown }
  delayMs?: number
}

/**
 * An HTTP proxy in front of a real LNbits that runs a callback (kill the app's process) at a
 * chosen point of a chosen call, so a test can kill the app at each step boundary of a payment
 * without any hook in the app itself. It also injects faults LNbits will not produce on
 * demand (a 5xx, a slow answer), each on the first matching call only.
 */
export class KillProxy {
  private server: Server | undefined
  private counts = { invoice: 0, pay: 0, read: 0 }
  url = ''
  /** set per test: where to cut, and what to do then */
  trigger: { match: (c: ProxiedCall) => boolean; cut: Cut; then: () => void } | null = null
  fault: Fault | null = null

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()))
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((r) => this.server?.close(r))
  }

  resetCounts(): void {
    this.counts = { invoice: 0, pay: 0, read: 0 }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve(Buffer.concat(chunks)))
    })
    let kind: ProxiedCall['kind'] = 'read'
    if (req.method === 'POST' && req.url?.startsWith('/api/v1/payments')) {
      try {
        kind = (JSON.parse(body.toString()) as { out?: boolean }).out ? 'pay' : 'invoice'
      } catch {
        kind = 'read'
      }
    }
    const call: ProxiedCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      kind,
      index: this.counts[kind]++,
      apiKey: String(req.headers['x-api-key'] ?? ''),
    }
    const t = this.trigger?.match(call) ? this.trigger : null
    const fault = this.fault?.match(call) ? this.fault : null
    if (fault) this.fault = null
    if (fault?.respond) {
      res.writeHead(fault.respond.status, { 'Content-Type': 'application/json' })
      return void res.end(JSON.stringify(fault.respond.body))
    }
    const cut = () => {
      this.trigger = null
      t!.then()
      res.socket?.destroy()
    }
    if (t?.cut === 'before') return cut()
    const upstream = httpRequest(
      this.target + call.path,
      { method: call.method, headers: { ...req.headers, host: new URL(this.target).host } },
      (up) => {
        const chunks: Buffer[] = []
        up.on('data', (c: Buffer) => chunks.push(c))
        up.on('end', () => {
          if (t?.cut === 'answered') return cut()
          if (res.destroyed) return // cut after forwarding: LNbits did the work, nobody hears of it
          const reply = () => {
            if (res.destroyed) return // the app gave up waiting
            res.writeHead(up.statusCode ?? 502, up.headers)
            res.end(Buffer.concat(chunks))
          }
          if (fault?.delayMs) setTimeout(reply, fault.delayMs)
          else reply()
        })
      },
    )
    upstream.on('error', () => res.socket?.destroy())
    upstream.end(body)
    if (t?.cut === 'forwarded') setTimeout(cut, 0)
  }
}

import { CommandError } from '../../../src-shared/contract/errors'
import { english } from '../../../src-shared/messages'
import type { ArgsOf, CommandName, ResultOf } from '../../../src-shared/contract/commands'
import type { CommandClient, ConnectionState } from '../../../src-shared/contract/client'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { Reply } from '../../../src-shared/contract/reply'
import { BRIDGE_WS_PATH, type BridgeMessage } from '../../../src-shared/contract/transport'

interface Pending {
  resolve(reply: Reply): void
}

/**
 * The bridge transport: one WebSocket, reconnected with backoff and jitter. A call made
 * while disconnected waits for the connection (up to `callTimeoutMs`), then fails with
 * a typed `unavailable` error instead of hanging.
 */
export class WsClient implements CommandClient {
  private ws: WebSocket | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly eventListeners = new Set<(e: PushEvent) => void>()
  private readonly stateListeners = new Set<(s: ConnectionState) => void>()
  private state: ConnectionState = 'connecting'
  private attempt = 0
  private waiters: (() => void)[] = []

  constructor(
    private readonly url: string,
    private readonly callTimeoutMs = 15_000,
  ) {
    this.connect()
  }

  static fromLocation(location: Location, token: string): WsClient {
    return new WsClient(`ws://${location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`)
  }

  get connectionState(): ConnectionState {
    return this.state
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  onEvent(listener: (e: PushEvent) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  async call<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    const reply = await this.request(name, args)
    if (!reply.ok) throw CommandError.fromBody(reply.error)
    return reply.result as ResultOf<N>
  }

  private async request(name: string, args: unknown): Promise<Reply> {
    const deadline = Date.now() + this.callTimeoutMs
    await this.whenOpen(deadline)
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return unavailable()
    const id = this.nextId++
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(id)
          resolve({
            ok: false,
            error: { code: 'unavailable', message: english('transport.timeout'), message_id: 'transport.timeout' },
          })
        },
        Math.max(1, deadline - Date.now()),
      )
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer)
          resolve(r)
        },
      })
      ws.send(JSON.stringify({ id, name, args }))
    })
  }

  private whenOpen(deadline: number): Promise<void> {
    if (this.ws?.readyState === WebSocket.OPEN) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, deadline - Date.now()))
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.waiters.push(done)
    })
  }

  private setState(s: ConnectionState): void {
    this.state = s
    for (const l of this.stateListeners) l(s)
  }

  private connect(): void {
    const ws = new WebSocket(this.url)
    this.ws = ws
    ws.onopen = () => {
      this.attempt = 0
      this.setState('connected')
      const waiters = this.waiters
      this.waiters = []
      for (const w of waiters) w()
    }
    ws.onmessage = (msg) => this.receive(String(msg.data))
    ws.onclose = () => {
      for (const [, p] of this.pending) p.resolve(unavailable())
      this.pending.clear()
      this.attempt++
      this.setState(this.attempt > 5 ? 'offline' : 'reconnecting')
      // Exponential backoff with full jitter, capped at 10 s.
      const delay = Math.random() * Math.min(10_000, 250 * 2 ** this.attempt)
      setTimeout(() => this.connect(), delay)
    }
  }

  private receive(text: string): void {
    let msg: BridgeMessage
    try {
      msg = JSON.parse(text) as BridgeMessage
    } catch {
      console.error('bridge sent a frame that is not JSON', text.slice(0, 200))
      return
    }
    if (msg.type === 'event') {
      for (const l of this.eventListeners) l(msg.event)
      return
    }
    if (msg.id === null) {
      console.error('bridge refused a request', msg.reply)
      return
    }
    this.pending.get(msg.id)?.resolve(msg.reply)
    this.pending.delete(msg.id)
  }
}

function unavailable(): Reply {
  return {
    ok: false,
    error: {
      code: 'unavailable',
      message: english('transport.offline'),
      message_id: 'transport.offline',
    },
  }
}

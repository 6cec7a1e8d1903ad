import BetterSqlite3 from 'better-sqlite3'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { NostrRelay } from '@nostr-relay/core'
import { createOutgoingNoticeMessage, LogLevel } from '@nostr-relay/common'
import { EventRepositorySqlite } from '@nostr-relay/event-repository-sqlite'
import { Validator } from '@nostr-relay/validator'
import { freePort } from './lnbits'

/**
 * A real Nostr relay (@nostr-relay/core with its sqlite repository) on 127.0.0.1. stop()
 * takes it off the network mid-test (clients are dropped); start() brings it back on the same
 * port with the same stored events. Waiting for a REQ lets a test know a subscriber is there.
 */
export class RelayPeer {
  url = ''
  private port = 0
  private wss: WebSocketServer | undefined
  private readonly db = new BetterSqlite3(':memory:')
  private readonly repo = new EventRepositorySqlite(this.db)
  private relay: NostrRelay | undefined
  private readonly validator = new Validator()
  private reqWaiters: { match: (filters: unknown[]) => boolean; resolve: () => void }[] = []
  private readonly reqsSeen: unknown[][] = []

  static async start(): Promise<RelayPeer> {
    const peer = new RelayPeer()
    await peer.repo.init()
    // no filter-result cache: a test reads right after it publishes
    peer.relay = new NostrRelay(peer.repo, { logLevel: LogLevel.ERROR, filterResultCacheTtl: 0 })
    peer.port = await freePort()
    await peer.listen()
    return peer
  }

  private async listen(): Promise<void> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: this.port })
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', () => resolve())
      wss.once('error', reject)
    })
    this.wss = wss
    this.url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
    wss.on('connection', (ws: WebSocket, req) => {
      const relay = this.relay!
      relay.handleConnection(ws, req.socket.remoteAddress)
      ws.on('message', async (data) => {
        try {
          const message = await this.validator.validateIncomingMessage(data)
          await relay.handleMessage(ws, message)
          if (message[0] === 'REQ') this.notifyReq(message.slice(2))
        } catch (e) {
          ws.send(JSON.stringify(createOutgoingNoticeMessage((e as Error).message)))
        }
      })
      ws.on('close', () => relay.handleDisconnect(ws))
    })
  }

  private notifyReq(filters: unknown[]): void {
    this.reqsSeen.push(filters)
    this.reqWaiters = this.reqWaiters.filter((w) => {
      if (!w.match(filters)) return true
      w.resolve()
      return false
    })
  }

  /** Resolves when a subscription whose filters match has arrived (e.g. the bunker listening), now or earlier. */
  waitForReq(match: (filters: unknown[]) => boolean): Promise<void> {
    if (this.reqsSeen.some(match)) return Promise.resolve()
    return new Promise((resolve) => this.reqWaiters.push({ match, resolve }))
  }

  /** Off the network: every client is dropped, the port closed. */
  async stop(): Promise<void> {
    const wss = this.wss
    this.wss = undefined
    this.reqsSeen.length = 0 // the subscriptions died with their connections
    if (!wss) return
    for (const c of wss.clients) c.terminate()
    await new Promise((r) => wss.close(r))
  }

  /** Back on the same port, with what it stored. */
  async start(): Promise<void> {
    if (!this.wss) await this.listen()
  }

  async destroy(): Promise<void> {
    await this.stop()
    await this.relay?.destroy()
    await this.repo.destroy()
  }
}

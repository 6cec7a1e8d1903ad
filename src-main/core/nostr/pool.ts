import WebSocket from 'ws'
import { SimplePool, useWebSocketImplementation as usePoolWebSocket } from 'nostr-tools/pool'
import { Relay, useWebSocketImplementation as useRelayWebSocket } from 'nostr-tools/relay'

// Node 20 has no global WebSocket (Electron's newer Node does): give nostr-tools the ws
// package. Its modules are bundled separately, so each is told.
usePoolWebSocket(WebSocket)
useRelayWebSocket(WebSocket)

/** A relay pool for the core's own connections (the bunker client). */
export function newPool(): SimplePool {
  return new SimplePool()
}

/** One relay connection (the outbox publishes through these). */
export function connectRelay(url: string, timeoutMs: number): Promise<Relay> {
  return Relay.connect(url, { timeout: timeoutMs } as never)
}

import WebSocket from 'ws'
import { SimplePool, useWebSocketImplementation } from 'nostr-tools/pool'

// Node 20 has no global WebSocket (Electron's newer Node does): give nostr-tools the ws package.
useWebSocketImplementation(WebSocket)

/** A relay pool for the core's own connections. */
export function newPool(): SimplePool {
  return new SimplePool()
}

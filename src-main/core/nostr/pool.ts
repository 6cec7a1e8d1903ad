import WebSocket from 'ws'
import { SimplePool, useWebSocketImplementation as usePoolWebSocket } from 'nostr-tools/pool'
import { Relay, useWebSocketImplementation as useRelayWebSocket } from 'nostr-tools/relay'

/**
 * ws emits 'error' when a socket that is still connecting is closed, as nostr-tools does on its
 * connect timeout (a relay that takes the TCP connection and never answers the handshake). An
 * 'error' nobody listens to would end the process; nostr-tools hears of the failure through its
 * own onerror and onclose (the connect is rejected with the timeout), so this listener only keeps
 * the app alive.
 */
class RelaySocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args)
    this.on('error', () => {})
  }
}

// Node 20 has no global WebSocket (Electron's newer Node does): give nostr-tools the ws
// package. Its modules are bundled separately, so each is told.
usePoolWebSocket(RelaySocket)
useRelayWebSocket(RelaySocket)

/** A relay pool for the core's own connections (the bunker client). */
export function newPool(): SimplePool {
  return new SimplePool()
}

/** One relay connection (the outbox publishes through these). */
export function connectRelay(url: string, timeoutMs: number): Promise<Relay> {
  return Relay.connect(url, { timeout: timeoutMs } as never)
}

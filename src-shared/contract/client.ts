import type { ArgsOf, CommandName, ResultOf } from './commands'
import type { PushEvent } from './events'

/** How a UI or script talks to the core, whatever the transport underneath. */
export interface CommandClient {
  /** resolves with the result, or rejects with a CommandError carrying the core's code and message */
  call<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>>
  onEvent(listener: (event: PushEvent) => void): () => void
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

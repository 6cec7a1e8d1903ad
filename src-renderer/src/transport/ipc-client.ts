import { CommandError } from '../../../src-shared/contract/errors'
import type { ArgsOf, CommandName, ResultOf } from '../../../src-shared/contract/commands'
import type { CommandClient } from '../../../src-shared/contract/client'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { PreloadApi } from '../../../src-shared/contract/transport'

/** The Electron transport: the preload's `window.satop`, always connected while the window lives. */
export class IpcClient implements CommandClient {
  constructor(private readonly api: PreloadApi) {}

  async call<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    const reply = await this.api.call(name, args)
    if (!reply.ok) throw CommandError.fromBody(reply.error)
    return reply.result as ResultOf<N>
  }

  onEvent(listener: (e: PushEvent) => void): () => void {
    return this.api.onEvent(listener)
  }
}

import { openCore, type Core } from '../../src-main/core/core'
import type { Logger } from '../../src-main/core/log'
import type { ArgsOf } from '../../src-shared/contract/commands'
import { newPubkey } from './keys'
import { tempDir } from './tmp'

export const silentLogger: Logger & { errors: string[] } = {
  errors: [],
  info() {},
  warn() {},
  error(message) {
    silentLogger.errors.push(message)
  },
}

/** A core on a fresh ledger in a temp folder. */
export function testCore(): { core: Core; dataDir: string; dispose(): Promise<void> } {
  const dir = tempDir()
  const core = openCore({ dataDir: dir.path, logger: silentLogger })
  return {
    core,
    dataDir: dir.path,
    async dispose() {
      await core.close()
      dir.remove()
    },
  }
}

/** Args of a valid machines.create; overrides may make them invalid (for refusal tests). */
export function machineArgs(overrides: Record<string, unknown> = {}): ArgsOf<'machines.create'> {
  return {
    name: 'Lobby ATM',
    location: 'Zona 10, Guatemala City',
    machine_npub: newPubkey().npub,
    fiat_code: 'GTQ',
    operator_cash_in_fee_fraction: '0.0300',
    operator_cash_out_fee_fraction: '0.0350',
    ...overrides,
  }
}

import { DataKey } from '../../src-main/core/secrets/data-key'
import { silentLogger } from './core'

/** The data key of a folder as the core would open it (no keychain here): to read what its ledger sealed. */
export async function dataKeyOf(dataDir: string): Promise<DataKey> {
  const key = new DataKey({ dataDir, logN: 10, logger: silentLogger, hasSealedSecrets: () => false })
  await key.ready
  return key
}

import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { Database } from '../ledger/schema'
import { encryptKey } from '../nostr/nip49'
import { LOCAL_KEY, type KeyProtector } from './signer-host'

/**
 * The operator's local key as a backup file must carry it (docs/wire-formats.md#backup-file): a key
 * under a passphrase (NIP-49) travels inside the ledger as it is; a key kept by this laptop's OS
 * keychain cannot be opened anywhere else, so the file carries it in the clear, inside its seal.
 */
export async function localKeyForBackup(
  db: Kysely<Database>,
  keychain: KeyProtector | undefined,
): Promise<{ kind: 'none' | 'in_ledger' } | { kind: 'included'; hex: string } | { kind: 'unavailable' }> {
  const row = await db.selectFrom('secrets').select(['scheme', 'ciphertext']).where('name', '=', LOCAL_KEY).executeTakeFirst()
  if (!row) return { kind: 'none' }
  if (row.scheme !== 'os') return { kind: 'in_ledger' }
  if (!keychain?.available()) return { kind: 'unavailable' }
  return { kind: 'included', hex: await keychain.decrypt(row.ciphertext) }
}

/**
 * On the laptop a backup is restored to: the carried key goes under this laptop's OS keychain,
 * or, without one, under the backup's passphrase (then it is unlocked with that passphrase).
 */
export async function storeRestoredKey(
  ledger: BetterSqlite3.Database,
  hex: string,
  opts: { keychain: KeyProtector | undefined; passphrase: string; nip49LogN: number; now: string },
): Promise<'os' | 'passphrase'> {
  const keychain = opts.keychain?.available() ? opts.keychain : undefined
  const stored = keychain
    ? { scheme: 'os', ciphertext: await keychain.encrypt(hex) }
    : { scheme: 'nip49', ciphertext: Buffer.from(await encryptKey(Buffer.from(hex, 'hex'), opts.passphrase, opts.nip49LogN), 'utf8') }
  ledger
    .prepare('UPDATE secrets SET scheme = ?, ciphertext = ?, updated_at = ? WHERE name = ?')
    .run(stored.scheme, stored.ciphertext, opts.now, LOCAL_KEY)
  return keychain ? 'os' : 'passphrase'
}

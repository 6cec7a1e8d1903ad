import type { Kysely } from 'kysely'
import { refusal } from '../../../src-shared/messages/refuse'
import type { Database, WalletBindingsTable } from '../ledger/schema'
import type { SecretBox } from '../secrets/box'
import { indexLiteral } from '../ledger/index-literal'

export async function loadWallet(db: Kysely<Database>, id: string): Promise<WalletBindingsTable> {
  const row = await db.selectFrom('wallet_bindings').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw refusal('not_found', 'wallets.not_found', { id })
  return row
}

export function openKeys(secrets: SecretBox, row: WalletBindingsTable): { invoice: string; admin: string } {
  if (!row.invoice_key_enc || !row.admin_key_enc) throw refusal('ledger_error', 'wallets.no_keys', { id: row.id })
  return { invoice: secrets.open(row.invoice_key_enc), admin: secrets.open(row.admin_key_enc) }
}

export function walletList(
  db: Kysely<Database>,
  where: { role?: WalletBindingsTable['role']; machine_id?: string },
): Promise<WalletBindingsTable[]> {
  let q = db.selectFrom('wallet_bindings').selectAll().orderBy('id')
  if (where.role) q = q.where('role', '=', where.role)
  if (where.machine_id) q = q.where('machine_id', '=', where.machine_id)
  return q.execute()
}

/** The machine wallets the sync round reads, in the order they were bound (all, or one). */
export function machineWallets(db: Kysely<Database>, walletId?: string): Promise<WalletBindingsTable[]> {
  let q = db.selectFrom('wallet_bindings').selectAll().where('role', '=', indexLiteral('machine')).orderBy('created_at')
  if (walletId) q = q.where('id', '=', walletId)
  return q.execute()
}

export function machineWalletOf(db: Kysely<Database>, machineId: string): Promise<Pick<WalletBindingsTable, 'id'> | undefined> {
  return db
    .selectFrom('wallet_bindings')
    .select('id')
    .where('machine_id', '=', machineId)
    .where('role', '=', indexLiteral('machine'))
    .executeTakeFirst()
}

/** The machine whose wallet an LNbits wallet already is, if any. */
export async function machineUsingWallet(db: Kysely<Database>, lnbitsUrl: string, lnbitsWalletId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('wallet_bindings')
    .select('machine_id')
    .where('role', '=', indexLiteral('machine'))
    .where('lnbits_url', '=', lnbitsUrl)
    .where('lnbits_wallet_id', '=', lnbitsWalletId)
    .executeTakeFirst()
  return row?.machine_id ?? undefined
}

/** The LNbits instances the operator has bound a wallet on. */
export async function boundLnbitsUrls(db: Kysely<Database>): Promise<string[]> {
  return [...new Set((await db.selectFrom('wallet_bindings').select('lnbits_url').execute()).map((r) => r.lnbits_url))]
}

export async function insertWallet(db: Kysely<Database>, row: WalletBindingsTable): Promise<void> {
  await db.insertInto('wallet_bindings').values(row).execute()
}

export async function patchWallet(db: Kysely<Database>, id: string, patch: Partial<Omit<WalletBindingsTable, 'id'>>): Promise<void> {
  await db.updateTable('wallet_bindings').set(patch).where('id', '=', id).execute()
}

/** Each rotated key, old and new previews, who and when: the history a key reset leaves. */
export async function recordKeyRotation(
  db: Kysely<Database>,
  rotation: {
    wallet_binding_id: string
    key_kind: 'invoice' | 'admin'
    old_preview: string | null
    new_preview: string
    rotated_by: string
    rotated_at: string
  },
): Promise<void> {
  await db.insertInto('wallet_key_rotations').values(rotation).execute()
}

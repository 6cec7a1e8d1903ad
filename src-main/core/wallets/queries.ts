import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Database, WalletBindingsTable } from '../ledger/schema'
import type { SecretBox } from '../secrets/box'

export async function loadWallet(db: Kysely<Database>, id: string): Promise<WalletBindingsTable> {
  const row = await db.selectFrom('wallet_bindings').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No wallet binding with id ${id}.`)
  return row
}

export function openKeys(secrets: SecretBox, row: WalletBindingsTable): { invoice: string; admin: string } {
  if (!row.invoice_key_enc || !row.admin_key_enc) throw new CommandError('ledger_error', `Wallet ${row.id} has no keys stored.`)
  return { invoice: secrets.open(row.invoice_key_enc), admin: secrets.open(row.admin_key_enc) }
}

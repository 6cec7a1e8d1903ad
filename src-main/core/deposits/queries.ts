import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { Database, DepositsTable } from '../ledger/schema'

export async function loadDeposit(db: Kysely<Database>, id: string): Promise<DepositsTable> {
  const row = await db.selectFrom('deposits').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No deposit with id ${id}.`)
  return row
}

import type { Kysely } from 'kysely'
import { CommandError } from '../../../src-shared/contract/errors'
import type { ClientsTable, Database } from '../ledger/schema'

export async function loadClient(db: Kysely<Database>, id: string): Promise<ClientsTable> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new CommandError('not_found', `No LP with id ${id}.`)
  return row
}

/** What an LP's record is referenced by: deposits, and payment or split legs. */
export async function clientHistory(db: Kysely<Database>, clientId: string): Promise<{ deposits: number; legs: number }> {
  const d = await db
    .selectFrom('deposits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow()
  const l = await db
    .selectFrom('legs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow()
  const s = await db
    .selectFrom('split_legs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow()
  return { deposits: Number(d.n), legs: Number(l.n) + Number(s.n) }
}

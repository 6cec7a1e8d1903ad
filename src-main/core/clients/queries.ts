import type { Kysely } from 'kysely'
import { refusal } from '../../../src-shared/messages/refuse'
import type { ClientsTable, Database } from '../ledger/schema'
import { decodeCursor } from '../ledger/paging'

export async function loadClient(db: Kysely<Database>, id: string): Promise<ClientsTable> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw refusal('not_found', 'clients.not_found', { id })
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

/** A page of LPs (limit + 1 rows, for toPage), oldest first, all or of one machine. */
export function clientPage(
  db: Kysely<Database>,
  args: { cursor?: string | null; limit: number; machine_id?: string },
): Promise<ClientsTable[]> {
  const after = decodeCursor(args.cursor)
  let q = db
    .selectFrom('clients')
    .selectAll()
    .orderBy('id')
    .limit(args.limit + 1)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  if (after) q = q.where('id', '>', after)
  return q.execute()
}

export async function insertClient(db: Kysely<Database>, row: ClientsTable): Promise<void> {
  await db.insertInto('clients').values(row).execute()
}

export async function patchClient(db: Kysely<Database>, id: string, patch: Partial<Omit<ClientsTable, 'id'>>): Promise<void> {
  await db.updateTable('clients').set(patch).where('id', '=', id).execute()
}

export async function deleteClientRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('clients').where('id', '=', id).execute()
}

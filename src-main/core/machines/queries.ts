import type { Kysely } from 'kysely'
import { refusal } from '../../../src-shared/messages/refuse'
import type { Database, MachinesTable } from '../ledger/schema'
import { decodeCursor } from '../ledger/paging'
import { prepared } from '../ledger/prepared'

const machineById = prepared((db, v: { id: string }) => db.selectFrom('machines').selectAll().where('id', '=', v.id))

export async function loadMachine(db: Kysely<Database>, id: string): Promise<MachinesTable> {
  const [row] = await machineById(db, { id })
  if (!row) throw refusal('not_found', 'machines.not_found', { id })
  return row
}

/** A page of machines (limit + 1 rows, for toPage), oldest first. */
export function machinePage(
  db: Kysely<Database>,
  args: { cursor?: string | null; limit: number; include_inactive: boolean },
): Promise<MachinesTable[]> {
  const after = decodeCursor(args.cursor)
  let q = db
    .selectFrom('machines')
    .selectAll()
    .orderBy('id')
    .limit(args.limit + 1)
  if (after) q = q.where('id', '>', after)
  if (!args.include_inactive) q = q.where('is_active', '=', 1)
  return q.execute()
}

export function activeMachines(db: Kysely<Database>): Promise<MachinesTable[]> {
  return db.selectFrom('machines').selectAll().where('is_active', '=', 1).orderBy('id').execute()
}

export function machineWithPubkey(db: Kysely<Database>, pubkey: string): Promise<Pick<MachinesTable, 'id' | 'name'> | undefined> {
  return db.selectFrom('machines').select(['id', 'name']).where('machine_pubkey', '=', pubkey).executeTakeFirst()
}

export async function insertMachine(db: Kysely<Database>, row: MachinesTable): Promise<void> {
  await db.insertInto('machines').values(row).execute()
}

export async function saveMachine(db: Kysely<Database>, row: MachinesTable): Promise<void> {
  const { id, created_at: _c, ...values } = row
  await db.updateTable('machines').set(values).where('id', '=', id).execute()
}

/** Whether money has been recorded against the machine (deposits or settlements). */
export async function machineHasHistory(db: Kysely<Database>, machineId: string): Promise<boolean> {
  const deposit = await db.selectFrom('deposits').select('id').where('machine_id', '=', machineId).limit(1).executeTakeFirst()
  const settlement = await db.selectFrom('settlements').select('id').where('machine_id', '=', machineId).limit(1).executeTakeFirst()
  return deposit !== undefined || settlement !== undefined
}

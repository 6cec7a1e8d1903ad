import { afterEach, describe, expect, it } from 'vitest'
import { insertRows } from '../../src-main/core/ledger/insert-rows'
import { inWriteTransaction } from '../../src-main/core/ledger/transaction'
import { tempLedger } from '../support/temp-ledger'

const T = '2026-01-01T00:00:00.000Z'
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const ledger = () => tempLedger(cleanup)

const relay = (url: string) => ({ url, enabled: 1, added_at: T })

describe('insertRows', () => {
  it('writes every row, values as given, in its transaction', async () => {
    const l = ledger()
    const rows = Array.from({ length: 7 }, (_, i) => relay(`wss://r${i}.example`))
    await inWriteTransaction(l.db, (trx) => insertRows(trx, 'relays', rows))
    expect(await l.db.selectFrom('relays').selectAll().orderBy('url').execute()).toEqual(rows)
  })

  it('writes every row of a batch larger than one INSERT carries, in order, none twice', async () => {
    // 128 to an INSERT: 300 = 128 + 128 + 44
    for (const n of [1, 3, 127, 128, 129, 300]) {
      const l = ledger()
      const rows = Array.from({ length: n }, (_, i) => relay(`wss://r${String(i).padStart(3, '0')}.example`))
      await inWriteTransaction(l.db, (trx) => insertRows(trx, 'relays', rows))
      expect(await l.db.selectFrom('relays').selectAll().orderBy('url').execute()).toEqual(rows)
    }
  })

  it('a row refused by SQLite rolls back the whole batch with the transaction', async () => {
    const l = ledger()
    const rows = Array.from({ length: 200 }, (_, i) => relay(`wss://r${i}.example`))
    rows[150] = rows[3]! // a duplicate key in the second INSERT
    await expect(inWriteTransaction(l.db, (trx) => insertRows(trx, 'relays', rows))).rejects.toThrow(/UNIQUE/)
    expect(await l.db.selectFrom('relays').selectAll().execute()).toEqual([])
  })

  it('refuses rows whose columns differ before writing any', async () => {
    const l = ledger()
    const odd = { url: 'wss://b.example', enabled: 1 } as unknown as ReturnType<typeof relay>
    await expect(insertRows(l.db, 'relays', [relay('wss://a.example'), odd])).rejects.toThrow('rows differ in their columns')
    expect(await l.db.selectFrom('relays').selectAll().execute()).toEqual([])
  })

  it('writes nothing for no rows', async () => {
    const l = ledger()
    await insertRows(l.db, 'relays', [])
    expect(await l.db.selectFrom('relays').selectAll().execute()).toEqual([])
  })
})

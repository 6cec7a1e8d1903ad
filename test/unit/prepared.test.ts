import { afterEach, describe, expect, it } from 'vitest'
import { prepared } from '../../src-main/core/ledger/prepared'
import { inWriteTransaction } from '../../src-main/core/ledger/transaction'
import { tempLedger } from '../support/temp-ledger'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const T = '2026-01-01T00:00:00.000Z'

describe('a prepared query', () => {
  const put = prepared((db, v: { key: string; value_json: string }) =>
    db.insertInto('settings').values({ key: v.key, value_json: v.value_json, updated_at: T }).returning('key'),
  )
  const byKeys = prepared((db, v: { a: string; b: string }) =>
    db.selectFrom('settings').select(['key', 'value_json']).where('key', 'in', [v.a, v.b, 'fixed']).orderBy('key'),
  )

  it("binds each call's own values, and keeps the values written into the query", async () => {
    const l = tempLedger(cleanup)
    for (const [key, n] of [
      ['x', 1],
      ['y', 2],
      ['z', 3],
      ['fixed', 4],
    ] as const)
      expect(await put(l.db, { key, value_json: String(n) })).toEqual([{ key }])
    expect(await byKeys(l.db, { a: 'x', b: 'z' })).toEqual([
      { key: 'fixed', value_json: '4' },
      { key: 'x', value_json: '1' },
      { key: 'z', value_json: '3' },
    ])
    expect(await byKeys(l.db, { a: 'y', b: 'nothing' })).toEqual([
      { key: 'fixed', value_json: '4' },
      { key: 'y', value_json: '2' },
    ])
  })

  it('runs on the connection it is given: inside a transaction, rolled back with it', async () => {
    const l = tempLedger(cleanup)
    await expect(
      inWriteTransaction(l.db, async (trx) => {
        await put(trx, { key: 'inside', value_json: '1' })
        expect(await byKeys(trx, { a: 'inside', b: 'inside' })).toHaveLength(1)
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await byKeys(l.db, { a: 'inside', b: 'inside' })).toEqual([])
  })

  it('refuses a missing value instead of binding NULL', async () => {
    const l = tempLedger(cleanup)
    await expect(byKeys(l.db, { a: 'x' } as { a: string; b: string })).rejects.toThrow("no value given for 'b'")
  })

  it('refuses values spread or passed whole, which would leave the query without them', async () => {
    const l = tempLedger(cleanup)
    const whole = prepared((db, v: { key: string; value_json: string; updated_at: string }) => db.insertInto('settings').values({ ...v }))
    await expect(whole(l.db, { key: 'k', value_json: '1', updated_at: T })).rejects.toThrow('cannot be spread or passed whole')
    expect(await byKeys(l.db, { a: 'k', b: 'k' })).toEqual([])
  })
})

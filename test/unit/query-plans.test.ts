import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { migrate } from '../../src-main/core/ledger/migrate'
import { migrations } from '../../migrations/index'
import { tempDir } from '../support/tmp'

// The queries behind lists and balances must use an index, so they stay fast on a ledger
// with a million legs (npm run bench measures them). A full scan of a big table fails here.
const dir = tempDir()
let db: BetterSqlite3.Database
beforeAll(() => {
  db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
  migrate(db, migrations, () => 'now')
  db.exec('ANALYZE')
})
afterAll(() => {
  db.close()
  dir.remove()
})

function plan(query: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ')
}

describe('query plans', () => {
  it.each([
    [
      'payments by type, newest first',
      "SELECT * FROM legs WHERE leg_type = 'dca' AND id < 'x' ORDER BY id DESC LIMIT 101",
      /USING (COVERING )?INDEX legs_by_type/,
    ],
    ['payments by status', "SELECT * FROM legs WHERE status = 'failed' ORDER BY updated_at LIMIT 101", /USING INDEX legs_by_status/],
    ['legs of a settlement', "SELECT * FROM legs WHERE settlement_id = 'x' ORDER BY position", /USING INDEX legs_by_settlement/],
    [
      "an LP's allocated fiat",
      "SELECT sum(amount_fiat) FROM legs WHERE client_id = 'x' AND leg_type IN ('dca', 'balance_settlement') AND status <> 'voided'",
      /USING COVERING INDEX legs_by_client/,
    ],
    [
      "an LP's confirmed deposits",
      "SELECT sum(amount) FROM deposits WHERE client_id = 'x' AND status = 'confirmed'",
      /USING (COVERING )?INDEX deposits_by_client/,
    ],
    [
      'settlements of a machine, newest first',
      "SELECT * FROM settlements WHERE machine_id = 'm' AND id < 'x' ORDER BY id DESC LIMIT 101",
      /USING (COVERING )?INDEX settlements_by_machine/,
    ],
    [
      'stuck settlements',
      "SELECT * FROM settlements WHERE status = 'processing' AND processing_at < 'x' ORDER BY id LIMIT 500",
      /USING INDEX settlements_by_status/,
    ],
    [
      'the machine list page',
      "SELECT * FROM machines WHERE id > 'x' ORDER BY id LIMIT 101",
      /USING INTEGER PRIMARY KEY|USING INDEX sqlite_autoindex_machines_1/,
    ],
    ['an audit page', 'SELECT * FROM audit_log WHERE seq < 100 ORDER BY seq DESC LIMIT 101', /USING INTEGER PRIMARY KEY/],
  ])('%s uses an index', (_name, query, expected) => {
    const p = plan(query)
    expect(p).toMatch(expected)
    expect(p).not.toMatch(/SCAN (legs|deposits|settlements)\b(?! USING)/)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { satop, satopWithInput } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import { dataKeyOf } from '../support/data-key'

// The CLI's short forms for the day the window will not open: a backup sealed into a file and
// restored onto a fresh data folder, and the checks that exit 3 when they fail.
const dirs: ReturnType<typeof tempDir>[] = []
const folder = () => {
  const d = tempDir('satop-cli-backup-')
  dirs.push(d)
  return d.path
}
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))
const PASSPHRASE = 'a passphrase for the USB stick'
const LP_KEY = 'e'.repeat(32)
// the sealing cost is the app's own here (scrypt 2^17): this is the CLI as an operator runs it

describe('satop backup / restore', () => {
  it('seals the ledger into a file and restores it onto a fresh data folder, secrets working', async () => {
    const a = folder()
    const call = async (dir: string, name: string, args: unknown) => {
      const r = await satop(['call', name, JSON.stringify(args), '--data-dir', dir])
      if (r.code !== 0) throw new Error(`${name}: ${r.stdout}`)
      return r.json as Record<string, unknown>
    }
    const machine = await call(a, 'machines.create', machineArgs())
    const lp = await call(a, 'clients.create', { machine_id: machine.id, name: 'Ana', payout_destination: LP_KEY })
    const deposit = await call(a, 'deposits.create', { client_id: lp.id, machine_id: machine.id, amount: 25_000 })
    await call(a, 'deposits.setStatus', { id: deposit.id, status: 'confirmed' })

    const file = join(folder(), 'laptop.backup')
    const sealed = await satopWithInput(['backup', '--to', file, '--backup-passphrase-file', '-', '--data-dir', a], PASSPHRASE)
    expect(sealed).toMatchObject({ code: 0, json: { file, manifest: { counts: { machines: 1, clients: 1, deposits: 1 } } } })

    const b = folder()
    // no terminal and no --yes: it shows what it holds, and changes nothing
    const asked = await satopWithInput(['restore', file, '--backup-passphrase-file', '-', '--data-dir', b], PASSPHRASE)
    expect(asked).toMatchObject({ code: 2, json: { error: { message: expect.stringContaining('add --yes') } } })
    expect(asked.stderr).toMatch(/1 machines, 1 LPs, 1 deposits, 0 settlements/)
    const restored = await satopWithInput(['restore', file, '--backup-passphrase-file', '-', '--yes', '--data-dir', b], PASSPHRASE)
    expect(restored).toMatchObject({
      code: 0,
      json: { manifest: { ledger_sha256: (sealed.json as { manifest: { ledger_sha256: string } }).manifest.ledger_sha256 } },
    })
    expect(await call(b, 'clients.balance', { id: lp.id })).toMatchObject({ remaining_fiat: 25_000 })
    const db = new BetterSqlite3(join(b, 'ledger.sqlite'), { readonly: true })
    const row = db.prepare('SELECT destination_enc FROM clients').get() as { destination_enc: Buffer }
    db.close()
    expect((await dataKeyOf(b)).open(row.destination_enc)).toBe(LP_KEY)

    const wrong = await satopWithInput(['restore', file, '--backup-passphrase-file', '-', '--yes', '--data-dir', b], 'not the passphrase')
    expect(wrong).toMatchObject({ code: 1, json: { error: { code: 'invalid_args' } } })
  }, 60_000)

  it('status, pause, resume and audit-verify; audit-verify exits 3 when rows were cut from the end', async () => {
    const dir = folder()
    await satop(['call', 'machines.create', JSON.stringify(machineArgs()), '--data-dir', dir])
    expect(await satop(['backup', '--data-dir', dir])).toMatchObject({ code: 0, json: { id: expect.stringMatching(/-manual$/) } })
    expect(await satop(['status', '--data-dir', dir])).toMatchObject({ code: 0, json: { paused: false } })
    expect(await satop(['pause', 'counting', 'the', 'cash', '--data-dir', dir])).toMatchObject({
      code: 0,
      json: { paused: true, reason: 'counting the cash' },
    })
    expect(await satop(['resume', '--data-dir', dir])).toMatchObject({ code: 0, json: { paused: false } })
    expect(await satop(['audit-verify', '--data-dir', dir])).toMatchObject({ code: 0, json: { intact: true } })
    expect(await satop(['verify-commissions', '--data-dir', dir])).toMatchObject({ code: 0, json: { checked: 0, differences: [] } })
    expect(await satop(['reconcile', '--data-dir', dir])).toMatchObject({ code: 0, json: { ok: true, wallets: [] } })
    const csv = await satop(['export', 'table', 'machines', '--data-dir', dir])
    expect(csv).toMatchObject({ code: 0, stderr: '1 rows (satop-machines.csv)\n' })
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,name,location,machine_pubkey,/)
    expect(await satop(['export', 'table', 'secrets', '--data-dir', dir])).toMatchObject({
      code: 1,
      json: { error: { code: 'invalid_args' } },
    })
    expect(await satop(['toString', '--data-dir', dir])).toMatchObject({ code: 2 })
    const db = new BetterSqlite3(join(dir, 'ledger.sqlite'))
    db.exec('DROP TRIGGER IF EXISTS audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)')
    db.close()
    expect(await satop(['audit-verify', '--data-dir', dir])).toMatchObject({
      code: 3,
      json: { intact: false, cut_short: { known_from: 'the settings' } },
    })
  }, 60_000)
})

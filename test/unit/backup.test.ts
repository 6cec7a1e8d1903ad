import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { coreAt, ctx, ok } from '../support/ledger-fixture'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'
import type { Core, CoreOptions } from '../../src-main/core/core'
import { dataKeyOf } from '../support/data-key'
import { fakeKeychain } from '../support/keychain'
import { sealBackup } from '../../src-main/core/backup/sealed-file'
import { sha256 } from '../../src-main/core/backup/manifest'
import { migrations } from '../../migrations/index'

// Backups against the real SQLite of real data folders (docs/design.md#backups): consistent while
// writes go on, sealed files restored on a fresh folder with their secrets working, and every bad
// file refused with nothing changed.
const dirs: ReturnType<typeof tempDir>[] = []
const cores: Core[] = []
const folder = () => {
  const d = tempDir('satop-backup-')
  dirs.push(d)
  return d.path
}
const open = (dataDir: string, extra: Partial<CoreOptions> = {}) => {
  const core = coreAt(dataDir, { kdfLogN: 10, nip49LogN: 10, ...extra })
  cores.push(core)
  return core
}
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()))
  dirs.splice(0).forEach((d) => d.remove())
})
const PASSPHRASE = 'correct horse battery staple'
const LP_KEY = 'f'.repeat(32)
// long enough that random ciphertext cannot contain it by chance (a 3-byte name did, about once in 200 runs)
const LP_NAME = 'Ana Lucía Xicará'
const call = (core: Core, name: string, args: unknown) => core.call(name, args, { actor: 'test' })
const fileSha = (core: Core) => sha256(readFileSync(core.ledgerPath))

async function ledgerWithSecrets(core: Core) {
  const machine = await ok(core, 'machines.create', machineArgs())
  const lp = await ok(core, 'clients.create', { machine_id: machine.id, name: LP_NAME, payout_destination: LP_KEY })
  const deposit = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: machine.id, amount: 12_345 })
  await ok(core, 'deposits.setStatus', { id: deposit.id, status: 'confirmed' })
  return { machine, lp }
}

/** The LP's destination as the payer would open it: the data key of that folder must open what its ledger sealed. */
async function openedDestination(dataDir: string, clientId: string): Promise<string> {
  const db = new BetterSqlite3(join(dataDir, 'ledger.sqlite'), { readonly: true })
  try {
    const row = db.prepare('SELECT destination_enc FROM clients WHERE id = ?').get(clientId) as { destination_enc: Buffer }
    return (await dataKeyOf(dataDir)).open(row.destination_enc)
  } finally {
    db.close()
  }
}

describe('backups in the data folder', () => {
  it('a backup taken while writes go on is a consistent ledger, described by its manifest, and restores in place', async () => {
    const dir = folder()
    const core = open(dir)
    await ledgerWithSecrets(core)
    // writes racing the backup: each machine is one committed transaction, in or out of the copy whole
    const writes = Promise.all(Array.from({ length: 40 }, (_, i) => ok(core, 'machines.create', machineArgs({ name: `ATM ${i}` }))))
    const made = await ok(core, 'backup.create', {})
    await writes
    expect(made).toMatchObject({
      id: expect.stringMatching(/-manual$/),
      file: null,
      manifest: { format: 1, schema: migrations.at(-1)!.id },
    })
    const copy = new BetterSqlite3(join(dir, 'backups', `${made.id}.sqlite`), { readonly: true })
    const machines = (copy.prepare('SELECT count(*) AS n FROM machines').get() as { n: number }).n
    const audited = (copy.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'machine'").get() as { n: number }).n
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    copy.close()
    expect(made.manifest.counts.machines).toBe(machines)
    expect(audited).toBe(machines) // every machine with its audit row: no half-written transaction
    expect(await ok(core, 'backup.list', {})).toEqual([{ id: made.id, reason: 'manual', manifest: made.manifest }])

    // restore it in place while the core is open: the 40 later machines are gone, the replaced ledger is kept
    const seen = await ok(core, 'backup.inspect', { backup_id: made.id! })
    expect(seen).toMatchObject({ secrets: 'in_data_folder', manifest: made.manifest })
    const restored = await ok(core, 'backup.restore', { backup_id: made.id!, ledger_sha256: seen.manifest.ledger_sha256 })
    expect((await ok(core, 'machines.list', { limit: 500 })).items).toHaveLength(machines)
    expect(restored.replaced_kept_in).toMatch(/replaced-/)
    const replaced = new BetterSqlite3(join(restored.replaced_kept_in, 'ledger.sqlite'), { readonly: true })
    expect(replaced.prepare('SELECT count(*) AS n FROM machines').get()).toEqual({ n: 41 })
    replaced.close()
    const [last] = (await ok(core, 'audit.list', { limit: 1 })).items
    expect(last).toMatchObject({ command: 'backup.restore', entity: 'ledger', actor: 'test' })
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: true, cut_short: null })
  })

  it('keeps the newest backup_keep backups', async () => {
    const core = open(folder())
    await ok(core, 'settings.update', { backup_keep: 2 })
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await ok(core, 'backup.create', {})).id!)
    expect((await ok(core, 'backup.list', {})).map((b) => b.id)).toEqual([ids[3], ids[2]])
    expect(readdirSync(join(core.dataDir, 'backups')).sort()).toEqual(
      [`${ids[2]}.json`, `${ids[2]}.sqlite`, `${ids[3]}.json`, `${ids[3]}.sqlite`].sort(),
    )
  })
})

describe('a sealed backup file, restored on a new laptop', () => {
  it('carries the ledger, the data key and the operator key: a fresh folder restores it with every secret working', async () => {
    const a = open(folder())
    const { lp } = await ledgerWithSecrets(a)
    const signer = await ok(a, 'signer.createLocal', { passphrase: 'the signer passphrase' })
    const file = join(folder(), 'satop.backup')
    const made = await ok(a, 'backup.create', { to_file: file, passphrase: PASSPHRASE })
    expect(made).toMatchObject({ id: null, file, notes: [] })
    // nothing in the file is readable without the passphrase
    const bytes = readFileSync(file)
    for (const plain of [LP_KEY, LP_NAME, 'SQLite format', readFileSync(join(a.dataDir, 'data.key')).toString('hex')])
      expect(bytes.includes(Buffer.from(plain))).toBe(false)

    const freshDir = folder()
    const b = open(freshDir)
    const seen = await ok(b, 'backup.inspect', { file, passphrase: PASSPHRASE })
    expect(seen).toMatchObject({ secrets: 'included', manifest: { counts: { machines: 1, clients: 1, deposits: 1 } } })
    await ok(b, 'backup.restore', { file, passphrase: PASSPHRASE, ledger_sha256: seen.manifest.ledger_sha256 })
    expect(await ok(b, 'clients.balance', { id: lp.id })).toMatchObject({ remaining_fiat: 12_345 })
    expect(await openedDestination(freshDir, lp.id)).toBe(LP_KEY)
    expect(await ok(b, 'signer.unlock', { passphrase: 'the signer passphrase' })).toMatchObject({ ready: true, pubkey: signer.pubkey })
  })

  it('an operator key kept by the OS keychain travels in the file, and on a laptop without one waits under the backup passphrase', async () => {
    const keychain = fakeKeychain()
    const a = open(folder(), { keyProtector: keychain })
    const signer = await ok(a, 'signer.createLocal', {})
    expect(signer.protection).toBe('os')
    const file = join(folder(), 'os-key.backup')
    await ok(a, 'backup.create', { to_file: file, passphrase: PASSPHRASE })
    // the CLI has no keychain: the data key the keychain wraps is locked there, and no file is sealed
    const withoutKey = join(folder(), 'no-key.backup')
    const locked = open(a.dataDir)
    expect(await locked.call('backup.create', { to_file: withoutKey, passphrase: PASSPHRASE }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining("desktop app's OS keychain") },
    })
    expect(existsSync(withoutKey)).toBe(false)
    await locked.close()
    // once the desktop app wraps the data key with a passphrase, the CLI opens it; the operator's key stays behind
    await ok(a, 'secrets.protect', { with: 'passphrase', passphrase: PASSPHRASE })
    const cli = open(a.dataDir)
    await ok(cli, 'secrets.unlock', { passphrase: PASSPHRASE })
    expect(await ok(cli, 'backup.create', { to_file: withoutKey, passphrase: PASSPHRASE })).toMatchObject({
      notes: [expect.stringContaining("The operator's key is not in this backup")],
    })

    const b = open(folder())
    const seen = await ok(b, 'backup.inspect', { file, passphrase: PASSPHRASE })
    expect(seen.notes).toEqual([expect.stringContaining("kept under this backup's passphrase")])
    await ok(b, 'backup.restore', { file, passphrase: PASSPHRASE, ledger_sha256: seen.manifest.ledger_sha256 })
    expect(await ok(b, 'signer.status', {})).toMatchObject({ protection: 'passphrase', ready: false, pubkey: signer.pubkey })
    expect(await ok(b, 'signer.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ready: true, pubkey: signer.pubkey })
    expect((await ok(b, 'backup.inspect', { file: withoutKey, passphrase: PASSPHRASE })).secrets).toBe('included_without_signer_key')
  })

  it('refuses a wrong passphrase, a changed, cut or foreign file, a newer schema and a file not inspected, with nothing changed', async () => {
    const a = open(folder())
    await ledgerWithSecrets(a)
    const dir = folder()
    const file = join(dir, 'good.backup')
    await ok(a, 'backup.create', { to_file: file, passphrase: PASSPHRASE })
    const good = readFileSync(file)
    const variant = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes)
      return join(dir, name)
    }
    const flipped = Buffer.from(good)
    flipped[flipped.length - 100]! ^= 1
    // a real seal around a ledger of a schema this app does not know
    const future = new BetterSqlite3(':memory:')
    future.exec("CREATE TABLE schema_migrations (id TEXT); INSERT INTO schema_migrations VALUES ('0099_future')")
    const futureLedger = future.serialize()
    future.close()
    const newer = await sealBackup(
      {
        meta: {
          manifest: {
            format: 1,
            app_version: '9.0.0',
            schema: '0099_future',
            ledger_sha256: sha256(futureLedger),
            ledger_bytes: futureLedger.length,
          },
          data_key: '00'.repeat(32),
        },
        ledger: futureLedger,
      },
      PASSPHRASE,
      10,
    )

    const b = open(folder())
    await ok(b, 'machines.create', machineArgs({ name: 'Keep me' }))
    const before = fileSha(b)
    const refusals = {
      wrongPassphrase: await call(b, 'backup.inspect', { file, passphrase: 'not the passphrase' }),
      changed: await call(b, 'backup.inspect', { file: variant('flipped.backup', flipped), passphrase: PASSPHRASE }),
      cut: await call(b, 'backup.inspect', { file: variant('cut.backup', good.subarray(0, good.length / 2)), passphrase: PASSPHRASE }),
      foreign: await call(b, 'backup.inspect', { file: variant('notes.txt', Buffer.from('hello')), passphrase: PASSPHRASE }),
      newer: await call(b, 'backup.restore', {
        file: variant('newer.backup', newer),
        passphrase: PASSPHRASE,
        ledger_sha256: sha256(futureLedger),
      }),
      notInspected: await call(b, 'backup.restore', { file, passphrase: PASSPHRASE, ledger_sha256: 'a'.repeat(64) }),
      missing: await call(b, 'backup.inspect', { file: join(dir, 'nowhere.backup'), passphrase: PASSPHRASE }),
    }
    expect(refusals).toEqual({
      wrongPassphrase: {
        ok: false,
        error: expect.objectContaining({
          code: 'invalid_args',
          message: expect.stringContaining('The passphrase does not open this backup file'),
        }),
      },
      changed: {
        ok: false,
        error: expect.objectContaining({ code: 'invalid_args', message: expect.stringContaining('changed or damaged') }),
      },
      cut: { ok: false, error: expect.objectContaining({ code: 'invalid_args', message: expect.stringContaining('changed or damaged') }) },
      foreign: { ok: false, error: expect.objectContaining({ message: expect.stringContaining('not a SatMachine Operator backup file') }) },
      newer: {
        ok: false,
        error: expect.objectContaining({ message: expect.stringContaining('made by a newer version of the app (schema 0099_future') }),
      },
      notInspected: {
        ok: false,
        error: expect.objectContaining({ code: 'conflict', message: expect.stringContaining('not the backup that was inspected') }),
      },
      missing: { ok: false, error: expect.objectContaining({ code: 'not_found' }) },
    })
    expect(fileSha(b)).toBe(before)
    expect((await ok(b, 'machines.list', { limit: 10 })).items.map((m) => m.name)).toEqual(['Keep me'])
    expect(readdirSync(b.dataDir).filter((f) => f.startsWith('replaced-') || (f.startsWith('.') && f !== '.open'))).toEqual([])
    // a file is never overwritten
    expect(await call(a, 'backup.create', { to_file: file, passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(readFileSync(file).equals(good)).toBe(true)
  })
})

describe('what a restore guards against', () => {
  it('a restored ledger starts paused, and resumes only after a reconciliation made since', async () => {
    const core = open(folder())
    await ok(core, 'machines.create', machineArgs())
    const b = await ok(core, 'backup.create', {})
    await ok(core, 'backup.restore', { backup_id: b.id!, ledger_sha256: b.manifest.ledger_sha256 })
    expect(await ok(core, 'processing.status', {})).toMatchObject({
      paused: true,
      changed_by: 'restore',
      reason: expect.stringContaining('Run a reconciliation (reconcile.run) before resuming'),
    })
    expect(await call(core, 'processing.resume', {})).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('has not been reconciled since') },
    })
    expect(await ok(core, 'reconcile.run', {})).toMatchObject({ ok: true })
    expect(await ok(core, 'processing.resume', {})).toMatchObject({ paused: false })
  })

  it('is refused while another process has the data folder open, and with another data key than the backup was made with', async () => {
    const dir = folder()
    const core = open(dir)
    await ok(core, 'machines.create', machineArgs())
    const local = await ok(core, 'backup.create', {})
    // another live process (this test's parent) has the folder open
    mkdirSync(join(dir, '.open'), { recursive: true })
    writeFileSync(join(dir, '.open', String(process.ppid)), '')
    const before = fileSha(core)
    expect(await call(core, 'backup.restore', { backup_id: local.id!, ledger_sha256: local.manifest.ledger_sha256 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`Another process has this data folder open (pid ${process.ppid}`) },
    })
    expect(fileSha(core)).toBe(before)
    rmSync(join(dir, '.open', String(process.ppid)))

    // a sealed file from another laptop brings its own data key: the older local backup no longer fits
    const other = open(folder())
    const file = join(folder(), 'other.backup')
    await ok(other, 'backup.create', { to_file: file, passphrase: PASSPHRASE })
    const seen = await ok(core, 'backup.inspect', { file, passphrase: PASSPHRASE })
    await ok(core, 'backup.restore', { file, passphrase: PASSPHRASE, ledger_sha256: seen.manifest.ledger_sha256 })
    expect(await call(core, 'backup.inspect', { backup_id: local.id! })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('sealed with another data key') },
    })
  })
})

describe('the audit chain cannot be cut short unseen', () => {
  const cutLog = (core: Core, sql: string) => {
    const db = new BetterSqlite3(core.ledgerPath)
    db.exec(`DROP TRIGGER IF EXISTS audit_log_append_only_delete; DROP TRIGGER IF EXISTS audit_log_append_only_update; ${sql}`)
    db.close()
  }

  it('rows deleted from the end are found by the head kept in the settings, and by a backup when that is rewritten too', async () => {
    const core = open(folder())
    for (let i = 0; i < 3; i++) await ok(core, 'machines.create', machineArgs({ name: `ATM ${i}` }))
    await ok(core, 'backup.create', {})
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: true, cut_short: null })
    const rows = (await ok(core, 'audit.verify', {})).rows
    cutLog(core, `DELETE FROM audit_log WHERE seq > ${rows - 2}`)
    expect(await ok(core, 'audit.verify', {})).toMatchObject({
      intact: false,
      broken_at: null,
      cut_short: { known_seq: rows, known_from: 'the settings', message: expect.stringContaining(`no longer holds row ${rows}`) },
    })
    // the settings rewritten to match: the backup still knows better
    cutLog(
      core,
      `UPDATE settings SET value_json = (SELECT json_object('seq', seq, 'hash', hash) FROM audit_log ORDER BY seq DESC LIMIT 1) WHERE key = 'audit.head'`,
    )
    expect(await ok(core, 'audit.verify', {})).toMatchObject({
      intact: false,
      cut_short: { known_from: expect.stringMatching(/^backup /) },
    })
  })

  it('a restore is not mistaken for a cut: backups older than it describe the chain it replaced', async () => {
    const core = open(folder())
    await ok(core, 'machines.create', machineArgs())
    const older = await ok(core, 'backup.create', {})
    await ok(core, 'machines.create', machineArgs({ name: 'Later' }))
    await ok(core, 'backup.create', {})
    await ok(core, 'backup.restore', { backup_id: older.id!, ledger_sha256: older.manifest.ledger_sha256 })
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: true, cut_short: null })
    expect(existsSync(join(core.dataDir, 'backups'))).toBe(true)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Core, CoreOptions } from '../../src-main/core/core'
import { DATA_KEY_FILE, DataKey } from '../../src-main/core/secrets/data-key'
import { openLedger } from '../../src-main/core/ledger/open'
import { SETTING, writeSetting } from '../../src-main/core/settings/store'
import { SignerHost } from '../../src-main/core/signer/signer-host'
import { SignerError } from '../../src-main/core/nostr/signer'
import { silentLogger } from '../support/core'
import { newPubkey } from '../support/keys'
import { tempDir } from '../support/tmp'
import { ctx, fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import { fakeKeychain } from '../support/keychain'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const PASSPHRASE = 'correct horse battery'
const fast: Partial<CoreOptions> = { kdfLogN: 10, nip49LogN: 10 }

/** The sealed LP destinations of a ledger, as bytes, and the key file: to look for a key in either. */
const keyFile = (dir: string) => readFileSync(join(dir, DATA_KEY_FILE))
function sealedDestinations(dir: string): Buffer[] {
  const db = new BetterSqlite3(join(dir, 'ledger.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT destination_enc FROM clients').all() as { destination_enc: Buffer }[]).map((r) => r.destination_enc)
  } finally {
    db.close()
  }
}
const closeNow = async (core: Core) => core.close()

describe('the data key at rest', () => {
  it('a new folder without keychain or passphrase keeps it unwrapped, mode 0600, and the health check asks for a passphrase', async () => {
    const { dir, open } = fakePaidLedger(cleanup)
    const core = open(fast)
    expect(await ok(core, 'secrets.status', {})).toEqual({ protection: 'none', locked: false, reason: null, keychain: false })
    expect(keyFile(dir.path)).toHaveLength(32)
    if (process.platform !== 'win32') expect(statSync(join(dir.path, DATA_KEY_FILE)).mode & 0o777).toBe(0o600)
    const check = (await ok(core, 'health.get', {})).checks.find((c) => c.id === 'secrets')
    expect(check).toMatchObject({
      state: 'warning',
      title: 'The LNbits keys are not protected at rest',
      action: expect.stringContaining('passphrase'),
    })
    // the keychain is refused where there is none, and nothing changes
    expect(await core.call('secrets.protect', { with: 'os' }, ctx)).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(keyFile(dir.path)).toHaveLength(32)
  })

  it('with an OS keychain: wrapped as the folder is made, a legacy raw key wrapped at the next start, opened again by the keychain', async () => {
    const keychain = fakeKeychain()
    const made = fakePaidLedger(cleanup)
    const core = made.open({ ...fast, keyProtector: keychain })
    expect(await ok(core, 'secrets.status', {})).toMatchObject({ protection: 'os', locked: false, keychain: true })
    const { lps } = await fundedMachine(core)
    const file = JSON.parse(keyFile(made.dir.path).toString('utf8')) as Record<string, unknown>
    expect(file).toMatchObject({ format: 'satop-data-key', version: 2, protection: 'os', id: expect.stringMatching(/^[0-9a-f]{16}$/) })
    // the raw key is in the keychain only
    const raw = keychain.values()[0]!
    expect(keyFile(made.dir.path).toString('utf8')).not.toContain(raw)
    await closeNow(core)
    const again = made.open({ ...fast, keyProtector: keychain })
    expect((await ok(again, 'clients.get', { id: lps[0]!.id })).payout_destination).toBeTruthy()
    expect(await ok(again, 'health.get', {})).toMatchObject({
      checks: expect.arrayContaining([
        expect.objectContaining({ id: 'secrets', state: 'ok', detail: 'The data key is wrapped by the OS keychain.' }),
      ]),
    })

    // a folder an earlier version made (32 raw bytes) is wrapped the first time the desktop app opens it
    const legacy = fakePaidLedger(cleanup)
    const before = legacy.open(fast)
    await fundedMachine(before)
    const rawBefore = keyFile(legacy.dir.path).toString('hex')
    await closeNow(before)
    const after = legacy.open({ ...fast, keyProtector: keychain })
    expect(await ok(after, 'secrets.status', {})).toMatchObject({ protection: 'os', locked: false })
    expect(keyFile(legacy.dir.path).toString('utf8')).not.toContain(rawBefore)
    expect(keychain.values()).toContain(rawBefore)
  })

  it('wrapped by the keychain, in a process without it: locked, nothing read or paid, and a restarted desktop app pays', async () => {
    const keychain = fakeKeychain()
    const { open, world } = fakePaidLedger(cleanup)
    const desktop = open({ ...fast, keyProtector: keychain })
    const { settlement } = await fundedMachine(desktop)
    await closeNow(desktop)

    const cli = open(fast)
    const status = await ok(cli, 'secrets.status', {})
    expect(status).toMatchObject({
      protection: 'os',
      locked: true,
      keychain: false,
      reason: expect.stringContaining("desktop app's OS keychain"),
    })
    // a command that needs a secret says why; one that seals a new secret writes nothing
    expect(await cli.call('settlements.process', { settlement_id: settlement.id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('Nothing was processed') },
    })
    const clientsBefore = await ok(cli, 'clients.list', {})
    expect(
      await cli.call(
        'clients.create',
        { machine_id: settlement.machine_id, name: 'Nueva LP', payout_destination: 'nueva@example.com' },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('locked') } })
    expect(await ok(cli, 'clients.list', {})).toEqual(clientsBefore)
    // the background round leaves the settlement as it was, and says so
    const round = await ok(cli, 'sync.run', {})
    expect(round).toMatchObject({ secrets_locked: true, processed: null, destinations: null })
    expect(await ok(cli, 'settlements.get', { settlement_id: settlement.id })).toMatchObject({ status: 'pending', legs: [] })
    expect((await ok(cli, 'health.get', {})).checks.find((c) => c.id === 'secrets')).toMatchObject({
      state: 'problem',
      action: expect.stringContaining('desktop app'),
    })
    expect(world.paidByLeg().size).toBe(0)
    await closeNow(cli)

    const back = open({ ...fast, keyProtector: keychain })
    expect(await ok(back, 'settlements.process', { settlement_id: settlement.id })).toMatchObject({
      processed: [{ settlement_id: settlement.id, status: 'completed' }],
    })
  })

  it('with a passphrase: locked at each start until unlocked; a wrong one is refused; the change is audited', async () => {
    const { dir, open, world } = fakePaidLedger(cleanup)
    const first = open(fast)
    const { settlement } = await fundedMachine(first)
    const sealed = sealedDestinations(dir.path)
    expect(await ok(first, 'secrets.protect', { with: 'passphrase', passphrase: PASSPHRASE })).toMatchObject({
      protection: 'passphrase',
      locked: false,
    })
    const [entry] = (await ok(first, 'audit.list', { entity: 'data_key', limit: 1 })).items
    expect(entry).toMatchObject({ before: { protection: 'none' }, after: { protection: 'passphrase' } })
    expect(JSON.stringify(entry)).not.toContain(PASSPHRASE)
    expect(JSON.parse(keyFile(dir.path).toString('utf8'))).toMatchObject({
      protection: 'passphrase',
      kdf: { name: 'scrypt', log_n: 10 },
      cipher: { name: 'xchacha20poly1305' },
    })
    // too short a passphrase is refused before anything is written
    const file = keyFile(dir.path)
    expect(await first.call('secrets.protect', { with: 'passphrase', passphrase: 'short' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'passphrase' }] },
    })
    expect(keyFile(dir.path)).toEqual(file)
    await closeNow(first)

    const next = open(fast)
    expect(await ok(next, 'secrets.status', {})).toMatchObject({ protection: 'passphrase', locked: true })
    expect((await ok(next, 'sync.run', {})).secrets_locked).toBe(true)
    expect(await next.call('secrets.unlock', { passphrase: 'not the passphrase' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'passphrase', message: 'does not open the data key' }] },
    })
    expect(await ok(next, 'secrets.status', {})).toMatchObject({ locked: true })
    expect(await ok(next, 'secrets.unlock', { passphrase: PASSPHRASE })).toMatchObject({ locked: false, reason: null })
    expect(sealedDestinations(dir.path)).toEqual(sealed) // re-wrapping the key re-seals nothing
    expect((await ok(next, 'sync.run', {})).processed).toEqual([{ settlement_id: settlement.id, status: 'completed', error: null }])
    expect(world.paidByLeg().size).toBeGreaterThan(0)
  })

  it('an NFC and an NFD spelling of one passphrase open the same key', async () => {
    const { open } = fakePaidLedger(cleanup)
    const first = open(fast)
    await ok(first, 'secrets.protect', { with: 'passphrase', passphrase: 'contraseña segura'.normalize('NFC') })
    await closeNow(first)
    const next = open(fast)
    expect(await ok(next, 'secrets.unlock', { passphrase: 'contraseña segura'.normalize('NFD') })).toMatchObject({ locked: false })
  })

  it('a damaged or forged key file, or a keychain that lost the key: the ledger opens, its secrets stay locked, and the message says what to do', async () => {
    const { dir, open } = fakePaidLedger(cleanup)
    const keychain = fakeKeychain()
    await closeNow(open({ ...fast, keyProtector: keychain }))
    const good = keyFile(dir.path).toString('utf8')
    const body = JSON.parse(good) as Record<string, unknown>
    const cases: [string, string, RegExp][] = [
      ['cut short', good.slice(0, 20), /damaged: it is neither a key nor a wrapped key/],
      ['another format', JSON.stringify({ ...body, version: 3 }), /format 3; this app reads format 2/],
      [
        'a forged scrypt cost',
        JSON.stringify({
          ...body,
          protection: 'passphrase',
          kdf: { name: 'scrypt', log_n: 30, r: 8, p: 1, salt: '00'.repeat(16) },
          cipher: { name: 'xchacha20poly1305', nonce: '00'.repeat(24), sealed: '00'.repeat(48) },
        }),
        /its wrapping is not one this app writes/,
      ],
      [
        'a handle the keychain does not know',
        JSON.stringify({ ...body, wrapped: Buffer.from('k99').toString('base64') }),
        /could not open/,
      ],
    ]
    for (const [what, bytes, reason] of cases) {
      writeFileSync(join(dir.path, DATA_KEY_FILE), bytes)
      const core = open({ ...fast, keyProtector: keychain })
      const status = await ok(core, 'secrets.status', {})
      expect({ what, locked: status.locked, reason: reason.test(status.reason ?? '') }).toEqual({ what, locked: true, reason: true })
      expect(status.reason, what).toMatch(/sealed backup/)
      expect((await ok(core, 'machines.list', {})).items).toEqual([]) // the ledger itself is readable
      await closeNow(core)
    }
    // a keychain that gives back another key than the one the file names
    writeFileSync(join(dir.path, DATA_KEY_FILE), good)
    const other = { ...keychain, decrypt: async () => 'ab'.repeat(32) }
    const mismatched = open({ ...fast, keyProtector: other })
    expect(await ok(mismatched, 'secrets.status', {})).toMatchObject({
      locked: true,
      reason: expect.stringMatching(/does not match its fingerprint.*sealed backup/),
    })
    await closeNow(mismatched)
    // the keyring reset: the same file, a keychain that no longer knows it
    writeFileSync(join(dir.path, DATA_KEY_FILE), good)
    keychain.reset()
    const core = open({ ...fast, keyProtector: keychain })
    expect(await ok(core, 'secrets.status', {})).toMatchObject({ locked: true, reason: expect.stringContaining('keyring was reset') })
    expect((await ok(core, 'health.get', {})).checks.find((c) => c.id === 'secrets')).toMatchObject({
      state: 'problem',
      action: expect.stringContaining('Restore a sealed backup file'),
    })
  })

  it('a keychain that refuses to wrap leaves a readable key open, as it was, and says so in the log', async () => {
    const refusing = { ...fakeKeychain(), encrypt: async () => Promise.reject(new Error('user denied')) }
    const legacy = fakePaidLedger(cleanup)
    const before = legacy.open(fast)
    const { settlement } = await fundedMachine(before)
    await closeNow(before)
    const logged: string[] = []
    const logger = { info() {}, error() {}, warn: (m: string) => void logged.push(m) }
    const after = legacy.open({ ...fast, keyProtector: refusing, logger })
    expect(await ok(after, 'secrets.status', {})).toMatchObject({ protection: 'none', locked: false })
    expect(keyFile(legacy.dir.path)).toHaveLength(32)
    expect(logged).toContain('the OS keychain did not wrap the data key; it stays unwrapped (the health check says so)')
    expect((await ok(after, 'settlements.process', { settlement_id: settlement.id })).processed[0]).toMatchObject({ status: 'completed' })
    // a new folder too: its key is made, unwrapped, rather than locked
    const fresh = fakePaidLedger(cleanup).open({ ...fast, keyProtector: refusing, logger })
    expect(await ok(fresh, 'secrets.status', {})).toMatchObject({ protection: 'none', locked: false })
  })

  it('a key file gone from a ledger that holds sealed secrets is a lost key: locked, never replaced by a new one', async () => {
    const { dir, open } = fakePaidLedger(cleanup)
    const first = open(fast)
    await fundedMachine(first)
    await closeNow(first)
    rmSync(join(dir.path, DATA_KEY_FILE))
    const next = open(fast)
    expect(await ok(next, 'secrets.status', {})).toMatchObject({ locked: true, reason: expect.stringMatching(/is missing.*sealed backup/) })
    expect(existsSync(join(dir.path, DATA_KEY_FILE))).toBe(false)
  })

  it('two processes re-wrapping at once leave one whole key file, never a mixture', async () => {
    const { dir, open } = fakePaidLedger(cleanup)
    const a = open(fast)
    await fundedMachine(a)
    const b = open(fast)
    await ok(b, 'secrets.status', {})
    const results = await Promise.all([
      ok(a, 'secrets.protect', { with: 'passphrase', passphrase: PASSPHRASE }),
      ok(b, 'secrets.protect', { with: 'passphrase', passphrase: `${PASSPHRASE} two` }),
    ])
    expect(results.map((r) => r.protection)).toEqual(['passphrase', 'passphrase'])
    expect(readdirSync(dir.path).filter((f) => f.startsWith(DATA_KEY_FILE))).toEqual([DATA_KEY_FILE])
    await closeNow(a)
    await closeNow(b)
    // exactly one of the two passphrases opens it (each tried in a process of its own)
    const opens = async (passphrase: string) => {
      const core = open(fast)
      const r = await core.call('secrets.unlock', { passphrase }, ctx)
      await closeNow(core)
      return r.ok
    }
    expect([await opens(PASSPHRASE), await opens(`${PASSPHRASE} two`)].filter(Boolean)).toHaveLength(1)
  })

  it("a bunker's pairing key behind a locked data key makes the signer wait (transient), not refuse", async () => {
    const dir = tempDir()
    cleanup.push(() => dir.remove())
    const now = () => new Date().toISOString()
    const ledger = openLedger({ dataDir: dir.path, now })
    cleanup.push(() => ledger.close())
    const key = new DataKey({ dataDir: dir.path, logN: 10, logger: silentLogger, hasSealedSecrets: () => false })
    await key.ready
    await writeSetting(ledger.db, SETTING.signerMode, 'bunker', now())
    await writeSetting(ledger.db, SETTING.signerBunker, { pubkey: newPubkey().hex, relays: ['ws://127.0.0.1:9'] }, now())
    await ledger.db
      .insertInto('secrets')
      .values({ name: 'signer.bunker_client_key', scheme: 'data-key', ciphertext: key.seal('11'.repeat(32)), updated_at: now() })
      .execute()
    await key.protect({ with: 'passphrase', passphrase: PASSPHRASE })
    const locked = new DataKey({ dataDir: dir.path, logN: 10, logger: silentLogger, hasSealedSecrets: () => true })
    await locked.ready
    const host = new SignerHost({
      db: ledger.db,
      secrets: locked,
      now,
      bunkerTimeoutMs: 1000,
      nip49LogN: 10,
      emit: () => undefined,
      pairingWaitMs: 1000,
    })
    const error = await host.signer().then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SignerError)
    expect(error).toMatchObject({ kind: 'transient', message: expect.stringContaining("The ledger's secrets are locked") })
  })
})

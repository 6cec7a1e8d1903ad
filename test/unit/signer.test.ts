import { fakeKeychain } from '../support/keychain'
import { afterEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { getPublicKey } from 'nostr-tools/pure'
import { decrypt as toolsDecrypt } from 'nostr-tools/nip49'
import { nsecEncode } from 'nostr-tools/nip19'
import type { Core } from '../../src-main/core/core'
import { LocalSigner } from '../../src-main/core/nostr/local-signer'
import { conversationKey, decryptWith, encryptWith } from '../../src-main/core/nostr/nip44'
import { decryptKey, encryptKey } from '../../src-main/core/nostr/nip49'
import type { KeyProtector } from '../../src-main/core/signer/signer-host'
import { SignerError } from '../../src-main/core/nostr/signer'
import { silentLogger } from '../support/core'
import { coreAt, ctx, ok } from '../support/ledger-fixture'
import { PROJECT_ROOT, tempDir } from '../support/tmp'

const VECTORS_FILE = join(PROJECT_ROOT, 'test', 'fixtures', 'vectors', 'nip44.vectors.json')
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'))

describe('NIP-44 v2: the official vectors through the app’s encryption path', () => {
  const raw = readFileSync(VECTORS_FILE)
  const v = JSON.parse(raw.toString()).v2

  it('is the file NIP-44 names', () => {
    expect(createHash('sha256').update(raw).digest('hex')).toBe('269ed0f69e4c192512cc779e78c555090cebc7c785b609e338a62afc3ce25040')
  })

  it('conversation keys', () => {
    for (const t of v.valid.get_conversation_key)
      expect(Buffer.from(conversationKey(hex(t.sec1), t.pub2)).toString('hex')).toBe(t.conversation_key)
    for (const t of v.invalid.get_conversation_key) expect(() => conversationKey(hex(t.sec1), t.pub2), t.note).toThrow(SignerError)
  })

  it('encrypt with the given nonce gives the payload; the signer decrypts it back (both directions)', async () => {
    for (const t of [...v.valid.encrypt_decrypt]) {
      const pub1 = getPublicKey(hex(t.sec1))
      const pub2 = getPublicKey(hex(t.sec2))
      expect(encryptWith(conversationKey(hex(t.sec1), pub2), t.plaintext, hex(t.nonce))).toBe(t.payload)
      expect(await new LocalSigner(hex(t.sec2)).nip44Decrypt(pub1, t.payload)).toBe(t.plaintext)
      const back = await new LocalSigner(hex(t.sec1)).nip44Encrypt(pub2, t.plaintext)
      expect(await new LocalSigner(hex(t.sec2)).nip44Decrypt(pub1, back)).toBe(t.plaintext)
    }
  })

  it('long messages', () => {
    for (const t of v.valid.encrypt_decrypt_long_msg) {
      const plaintext = t.pattern.repeat(t.repeat)
      const payload = encryptWith(hex(t.conversation_key), plaintext, hex(t.nonce))
      expect(createHash('sha256').update(payload).digest('hex')).toBe(t.payload_sha256)
      expect(decryptWith(hex(t.conversation_key), payload)).toBe(plaintext)
    }
  })

  it('refuses what it must: bad lengths to encrypt, tampered or malformed payloads to decrypt (a permanent error)', () => {
    const key = hex(v.valid.encrypt_decrypt[0].conversation_key)
    for (const length of v.invalid.encrypt_msg_lengths as number[]) {
      // lengths above 65535 are valid in newer revisions: the app keeps within the common range
      expect(() => encryptWith(key, 'a'.repeat(length))).toThrow(/1 to 65535 bytes/)
    }
    for (const t of v.invalid.decrypt) {
      let error: unknown
      try {
        decryptWith(hex(t.conversation_key), t.payload)
      } catch (e) {
        error = e
      }
      expect(error, t.note).toBeInstanceOf(SignerError)
      expect((error as SignerError).kind).toBe('permanent')
    }
  })
})

describe('NIP-49 (the passphrase-protected key)', () => {
  it('opens the NIP-49 spec vector, and what it writes opens with nostr-tools', async () => {
    const spec =
      'ncryptsec1qgg9947rlpvqu76pj5ecreduf9jxhselq2nae2kghhvd5g7dgjtcxfqtd67p9m0w57lspw8gsq6yphnm8623nsl8xn9j4jdzz84zm3frztj3z7s35vpzmqf6ksu8r89qk5z2zxfmu5gv8th8wclt0h4p'
    expect(Buffer.from(await decryptKey(spec, 'nostr')).toString('hex')).toBe(
      '3501454135014541350145413501453fefb02227e449e57cf4d3a3ce05378683',
    )
    const secret = hex('11'.repeat(32))
    const mine = await encryptKey(secret, 'correct horse', 8)
    expect(Buffer.from(toolsDecrypt(mine, 'correct horse')).toString('hex')).toBe('11'.repeat(32))
    await expect(decryptKey(mine, 'wrong horse')).rejects.toThrow('The passphrase does not open this key.')
  })

  it('the app’s scrypt (log_n 16) runs off the main thread: timers keep firing meanwhile', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 2)
    try {
      await encryptKey(hex('22'.repeat(32)), 'a passphrase', 16)
    } finally {
      clearInterval(timer)
    }
    // nostr-tools' synchronous scrypt would give 0 here: the event loop would be blocked throughout
    expect(ticks).toBeGreaterThan(5)
  })
})

describe('signer commands (local key)', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f()
  })
  function ledger(keyProtector?: KeyProtector): { open(): Core; path: string } {
    const dir = tempDir()
    cleanup.push(() => dir.remove())
    return {
      path: dir.path,
      open() {
        const core = coreAt(dir.path, { keyProtector, nip49LogN: 8 })
        cleanup.push(() => core.close())
        return core
      },
    }
  }
  /** Everything a secret could leak into: results, the ledger file, the log. */
  const leaks = (dir: string, secretHex: string, outputs: unknown[]) => {
    const db = new BetterSqlite3(join(dir, 'ledger.sqlite'), { readonly: true })
    const everything =
      JSON.stringify(outputs) +
      JSON.stringify(db.prepare('SELECT * FROM settings').all()) +
      JSON.stringify(db.prepare('SELECT * FROM audit_log').all()) +
      silentLogger.errors.join('\n')
    db.close()
    return [secretHex, nsecEncode(hex(secretHex))].filter((s) => everything.includes(s))
  }

  it('import with a passphrase: ready at once; locked in a new process until the right passphrase; the key never comes out', async () => {
    const l = ledger()
    const core = l.open()
    const secretHex = '7f'.repeat(32)
    const outputs: unknown[] = [await ok(core, 'signer.status', {})]
    expect(outputs[0]).toMatchObject({ mode: 'none', pubkey: null, ready: false })
    expect(await core.call('signer.importLocal', { key: 'nsec1nope', passphrase: 'long enough' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'key' }] },
    })
    expect(await core.call('signer.importLocal', { key: nsecEncode(hex(secretHex)) }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'passphrase' }] },
    })
    const imported = await ok(core, 'signer.importLocal', { key: nsecEncode(hex(secretHex)), passphrase: 'long enough' })
    outputs.push(imported)
    expect(imported).toMatchObject({ mode: 'local', pubkey: getPublicKey(hex(secretHex)), ready: true, protection: 'passphrase' })
    expect(await core.call('signer.createLocal', { passphrase: 'another one' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })

    const again = l.open()
    outputs.push(await ok(again, 'signer.status', {}))
    expect(outputs[outputs.length - 1]).toMatchObject({ mode: 'local', ready: false })
    expect(await again.call('signer.unlock', { passphrase: 'wrong one!' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'passphrase' }] },
    })
    outputs.push(await ok(again, 'signer.unlock', { passphrase: 'long enough' }))
    expect(outputs[outputs.length - 1]).toMatchObject({ ready: true })
    expect(leaks(l.path, secretHex, outputs)).toEqual([])

    // deleting a local key needs an explicit yes
    expect(await again.call('signer.disconnect', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict', issues: [{ path: 'forget_local_key' }] },
    })
    expect(await ok(again, 'signer.disconnect', { forget_local_key: true })).toMatchObject({ mode: 'none', ready: false })
  })

  it('with an OS keychain: created without a passphrase, opened by the keychain in the next process, never without it', async () => {
    const keychain = fakeKeychain()
    const l = ledger(keychain)
    const created = await ok(l.open(), 'signer.createLocal', {})
    expect(created).toMatchObject({ mode: 'local', protection: 'os', ready: true, npub: expect.stringMatching(/^npub1/) })
    // the signer's key is the keychain's newest item (the data key came first)
    expect(leaks(l.path, keychain.values().at(-1)!, [created])).toEqual([])
    const next = l.open()
    expect(await ok(next, 'signer.status', {})).toMatchObject({ ready: false })
    // no passphrase to type: the keychain opens it
    expect(await ok(next, 'signer.unlock', { passphrase: '-' })).toMatchObject({ ready: true, protection: 'os' })
    // without the keychain (the CLI, browser mode) it stays locked, with what to do
    const bare = coreAt(l.path, { nip49LogN: 8 })
    cleanup.push(() => bare.close())
    expect(await bare.call('signer.unlock', { passphrase: '-' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('OS keychain') },
    })
  })
})

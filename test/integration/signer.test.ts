import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure'
import type { Core } from '../../src-main/core/core'
import { BunkerClient, parseBunkerUri } from '../../src-main/core/nostr/bunker-signer'
import { LocalSigner } from '../../src-main/core/nostr/local-signer'
import { SignerError } from '../../src-main/core/nostr/signer'
import { machineArgs } from '../support/core'
import { BunkerPeer } from '../support/bunker'
import { coreAt, ctx, ok } from '../support/ledger-fixture'
import { RelayPeer } from '../support/relay'
import { tempDir } from '../support/tmp'
import { satop, startSatop } from '../support/cli'
import { once } from 'node:events'

// The operator's key on their "phone": a real NIP-46 bunker (NDK) on a real relay.
let relay: RelayPeer
let bunker: BunkerPeer
const dir = tempDir('satop-signer-')
let core: Core

beforeAll(async () => {
  relay = await RelayPeer.start()
  bunker = new BunkerPeer(relay)
  await bunker.start()
  core = coreAt(dir.path, { bunkerTimeoutMs: 4_000 })
}, 60_000)

afterAll(async () => {
  await core?.close()
  await bunker?.stop()
  await relay?.destroy()
  dir.remove()
})

describe('a NIP-46 bunker as the signer', () => {
  it('connects with its bunker:// address; the operator key is the bunker’s; only public data is stored', async () => {
    expect(await core.call('signer.connectBunker', { uri: 'bunker://nothex?relay=ws://x' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'uri' }] },
    })
    const status = await ok(core, 'signer.connectBunker', { uri: bunker.uri })
    expect(status).toMatchObject({
      mode: 'bunker',
      pubkey: bunker.pubkey,
      ready: true,
      bunker: { pubkey: bunker.pubkey, relays: [relay.url] },
    })
    expect(JSON.stringify(status)).not.toContain(bunker.secret)
  })

  it('an approval the bunker asks for (auth_url) reaches the operator; once approved, the signing completes', async () => {
    await ok(core, 'machines.create', machineArgs())
    bunker.askApproval = 'https://signer.example/approve/42'
    bunker.sleep() // the operator has not approved yet
    const round = ok(core, 'sync.run', {})
    try {
      await expect
        .poll(() => ok(core, 'signer.status', {}), { timeout: 3_000, interval: 100 })
        .toMatchObject({ auth_url: 'https://signer.example/approve/42' })
    } finally {
      bunker.wake() // approved
    }
    // the fee config is signed (and the audit head too, when the round could read the relay first)
    const { outbox } = await round
    expect(outbox.signer_error).toBeNull()
    expect(outbox.signed).toBeGreaterThanOrEqual(1)
    expect(await ok(core, 'outbox.list', {})).toContainEqual(
      expect.objectContaining({ d_tag: expect.stringMatching(/^bitspire-fees:/), status: expect.stringMatching(/^(signed|delivered)$/) }),
    )
    expect(await ok(core, 'signer.status', {})).toMatchObject({ auth_url: null })
  }, 30_000)

  it('signs and encrypts through the bunker, interoperable with a local key', async () => {
    const client = await BunkerClient.connect(generateSecretKey(), parseBunkerUri(bunker.uri), 4_000)
    try {
      const event = await client.signEvent({ kind: 30078, created_at: 1_800_000_000, tags: [['d', 'bitspire-fees:x']], content: 'hello' })
      expect(event.pubkey).toBe(bunker.pubkey)
      expect(verifyEvent({ ...event })).toBe(true)
      const atm = generateSecretKey()
      const sealed = await client.nip44Encrypt(getPublicKey(atm), '{"positions":{"1":{"denomination":20,"count":100}}}')
      expect(await new LocalSigner(atm).nip44Decrypt(bunker.pubkey, sealed)).toBe('{"positions":{"1":{"denomination":20,"count":100}}}')
      const back = await new LocalSigner(atm).nip44Encrypt(bunker.pubkey, 'state')
      expect(await client.nip44Decrypt(getPublicKey(atm), back)).toBe('state')
    } finally {
      await client.close()
    }
  }, 30_000)

  it('a phone that does not answer is a transient error after the timeout; a refusal is permanent', async () => {
    const client = await BunkerClient.connect(generateSecretKey(), parseBunkerUri(bunker.uri), 1_500)
    try {
      bunker.sleep()
      const started = Date.now()
      const late = await client.signEvent({ kind: 1, created_at: 1, tags: [], content: 'x' }).catch((e: unknown) => e)
      expect(late).toBeInstanceOf(SignerError)
      expect(late).toMatchObject({ kind: 'transient', message: expect.stringContaining('did not answer sign_event within 2 s') })
      expect(Date.now() - started).toBeLessThan(5_000)
      bunker.wake()
      bunker.refuse = true
      const refused = await client.signEvent({ kind: 1, created_at: 1, tags: [], content: 'x' }).catch((e: unknown) => e)
      expect(refused).toMatchObject({ kind: 'permanent', message: expect.stringContaining('refused sign_event') })
    } finally {
      bunker.wake()
      bunker.refuse = false
      await client.close()
    }
  }, 30_000)

  it('satop pairs by nostrconnect:// in the foreground: it shows the offer, waits for the phone, and answers once paired', async () => {
    const cliDir = tempDir('satop-signer-cli-')
    try {
      const child = startSatop([
        'call',
        'signer.connectBunker',
        JSON.stringify({ nostrconnect_relays: [relay.url] }),
        '--data-dir',
        cliDir.path,
      ])
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      await expect.poll(() => /nostrconnect:\/\/\S+/.exec(err)?.[0], { timeout: 15_000 }).toBeTruthy()
      const uri = /nostrconnect:\/\/\S+/.exec(err)![0]
      expect(err).toContain('Scan this with your signer app')
      expect(err).toMatch(/[▀▄█]/) // the QR code, drawn for the terminal
      await relay.waitForReq((filters) => JSON.stringify(filters).includes(new URL(uri).hostname))
      await bunker.acceptNostrConnect(uri)
      const [code] = (await once(child, 'exit')) as [number]
      expect(code).toBe(0)
      expect(JSON.parse(out)).toMatchObject({ mode: 'bunker', pubkey: bunker.pubkey, ready: true, pairing: null })
      // the pairing outlived the process: a new one finds the bunker
      expect((await satop(['call', 'signer.status', '{}', '--data-dir', cliDir.path])).json).toMatchObject({
        mode: 'bunker',
        pubkey: bunker.pubkey,
      })
    } finally {
      cliDir.remove()
    }
  }, 60_000)

  it('pairs by nostrconnect:// (the phone scans the offer); the offer shows until then', async () => {
    const otherDir = tempDir('satop-signer-3-')
    const other = coreAt(otherDir.path, { bunkerTimeoutMs: 4_000 })
    const changes: unknown[] = []
    other.onEvent((e) => e.name === 'signer.changed' && changes.push(e.payload))
    try {
      expect(await other.call('signer.connectBunker', { nostrconnect_relays: [] }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'invalid_args', issues: [{ path: 'nostrconnect_relays' }] },
      })
      const offered = await ok(other, 'signer.connectBunker', { nostrconnect_relays: [relay.url] })
      expect(offered).toMatchObject({
        mode: 'none',
        ready: false,
        pairing: { uri: expect.stringMatching(/^nostrconnect:\/\/[0-9a-f]{64}\?/) },
      })
      const uri = offered.pairing!.uri
      expect(new URL(uri).searchParams.get('relay')).toBe(relay.url)
      await relay.waitForReq((filters) => JSON.stringify(filters).includes(new URL(uri).hostname))
      await bunker.acceptNostrConnect(uri)
      await expect
        .poll(() => ok(other, 'signer.status', {}), { timeout: 10_000 })
        .toMatchObject({ mode: 'bunker', pubkey: bunker.pubkey, ready: true, pairing: null })
      expect(changes).toContainEqual({ mode: 'bunker', ready: true })
    } finally {
      await other.close()
      otherDir.remove()
    }
  }, 30_000)

  it('a wrong connection secret is refused and nothing is stored', async () => {
    const otherDir = tempDir('satop-signer-2-')
    const other = coreAt(otherDir.path, { bunkerTimeoutMs: 3_000 })
    try {
      const wrong = bunker.uri.replace(/secret=[^&]+/, 'secret=guess')
      expect(await other.call('signer.connectBunker', { uri: wrong }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('The signer refused connect') },
      })
      expect(await ok(other, 'signer.status', {})).toMatchObject({ mode: 'none' })
    } finally {
      await other.close()
      otherDir.remove()
    }
  }, 30_000)
})

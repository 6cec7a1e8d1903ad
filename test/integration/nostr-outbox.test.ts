import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
import { once } from 'node:events'
import { generateSecretKey, getPublicKey, verifyEvent, type Event } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import * as nip44 from 'nostr-tools/nip44'
import type { Core } from '../../src-main/core/core'
import { connectRelay } from '../../src-main/core/nostr/pool'
import { SETTING } from '../../src-main/core/settings/store'
import type { OutboxItem } from '../../src-shared/domain/relays'
import { BunkerPeer } from '../support/bunker'
import { machineArgs } from '../support/core'
import { coreAt, ctx, ok, testClock } from '../support/ledger-fixture'
import { RelayPeer } from '../support/relay'
import { tempDir } from '../support/tmp'

// Fee config from the operator to the ATMs (docs/wire-formats.md#fee-config) through the persistent outbox, a real
// relay and, for the phone case, a real NIP-46 bunker. The ATM side is played by reading the
// relay and decrypting with the machine's key.
let relay: RelayPeer
const dirs: { remove(): void }[] = []
const open: Core[] = []

beforeAll(async () => {
  relay = await RelayPeer.start()
}, 30_000)

afterAll(async () => {
  for (const c of open) await c.close()
  await relay?.destroy()
  for (const d of dirs) d.remove()
})

function newCore(dir = tempDir('satop-nostr-')): { core: Core; path: string } {
  dirs.push(dir)
  const core = coreAt(dir.path, { nip49LogN: 8, relayTimeoutMs: 2_000, bunkerTimeoutMs: 4_000 })
  open.push(core)
  return { core, path: dir.path }
}

/** What an ATM finds on the relay for its fee d-tag, decrypted with its own key. */
async function atmReadsFees(atmSecret: Uint8Array): Promise<{ events: Event[]; latest: unknown }> {
  const atm = getPublicKey(atmSecret)
  const r = await connectRelay(relay.url, 2_000)
  try {
    const events = await new Promise<Event[]>((resolve) => {
      const got: Event[] = []
      const sub = r.subscribe([{ kinds: [30078], '#d': [`bitspire-fees:${atm}`] }], {
        onevent: (e) => void got.push(e),
        oneose: () => {
          sub.close()
          resolve(got)
        },
      })
    })
    const newest = events.sort((a, b) => b.created_at - a.created_at)[0]
    const latest = newest ? JSON.parse(nip44.v2.decrypt(newest.content, nip44.v2.utils.getConversationKey(atmSecret, newest.pubkey))) : null
    return { events, latest }
  } finally {
    r.close()
  }
}

/** The outbox without the audit chain's head, which the app also publishes once it has a signer and a relay (audit-head.test.ts). */
const outbox = async (core: Core, status?: OutboxItem['status']) =>
  (await ok(core, 'outbox.list', status ? { status } : {})).filter((i) => !i.d_tag.startsWith('satmachine-audit-head:'))

describe('fee config through the outbox', () => {
  it('queued on create even without a signer or relay; signed and delivered once both are there; the ATM decrypts exactly its fees', async () => {
    const { core } = newCore()
    const atmSecret = generateSecretKey()
    const m = await ok(
      core,
      'machines.create',
      machineArgs({
        machine_npub: npubEncode(getPublicKey(atmSecret)),
        operator_cash_in_fee_fraction: '0',
        operator_cash_out_fee_fraction: '0',
      }),
    )
    expect(await outbox(core)).toEqual([
      expect.objectContaining({
        status: 'intent',
        d_tag: `bitspire-fees:${getPublicKey(atmSecret)}`,
        recipient_pubkey: getPublicKey(atmSecret),
      }),
    ])
    // no signer: the intent waits, the round says why
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({
      signed: 0,
      waiting: 1,
      signer_error: expect.stringContaining('No signer is set up'),
    })
    await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    // signed, but no relay yet: it waits signed
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ signed: 1, delivered: 0, waiting: 1 })
    await ok(core, 'relays.add', { url: relay.url })
    // the fee config goes out, and with a signer and a relay the audit head is signed and sent too
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ signed: 1, delivered: 2, waiting: 0 })
    const [item] = await outbox(core)
    expect(item).toMatchObject({ status: 'delivered', relays: [{ url: relay.url, ok: true, attempts: 1 }] })
    const seen = await atmReadsFees(atmSecret)
    expect(seen.events).toHaveLength(1)
    expect(verifyEvent(seen.events[0]!)).toBe(true)
    expect(seen.events[0]!.tags).toEqual([
      ['d', `bitspire-fees:${m.machine_pubkey}`],
      ['p', m.machine_pubkey],
    ])
    expect(seen.latest).toEqual({
      v: 1,
      fiat_code: 'GTQ',
      cash_in: { super: '0.0000', operator: '0.0000', total: '0.0000' },
      cash_out: { super: '0.0000', operator: '0.0000', total: '0.0000' },
    })
  }, 30_000)

  it('publishes on the edits that change fees, and only those; a newer intent supersedes one not yet sent', async () => {
    const { core, path } = newCore()
    await ok(core, 'relays.add', { url: relay.url })
    await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    const atmSecret = generateSecretKey()
    const m = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmSecret)) }))
    await ok(core, 'sync.run', {})
    const count = async () => (await outbox(core)).length
    const base = await count()
    for (const edit of [{ name: 'Renamed' }, { location: 'Zona 10' }, { is_active: false }, { is_active: true }]) {
      await ok(core, 'machines.update', { id: m.id, ...edit })
      expect(await count(), JSON.stringify(edit)).toBe(base)
    }
    await ok(core, 'machines.update', { id: m.id, operator_cash_out_fee_fraction: '0.06' })
    await ok(core, 'machines.update', { id: m.id, operator_cash_in_fee_fraction: '0.04' })
    const items = await outbox(core)
    expect(items.map((i) => i.status)).toEqual(['intent', 'superseded', 'delivered'])
    // the platform's fraction changes every active machine's fees
    const raw = new BetterSqlite3(join(path, 'ledger.sqlite'))
    const me = raw.prepare('SELECT value_json FROM settings WHERE key = ?').get(SETTING.operatorPubkey) as { value_json: string }
    raw.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)').run(SETTING.platformPubkey, me.value_json, 'x')
    raw.close()
    const other = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(generateSecretKey())) }))
    await ok(core, 'superConfig.update', { super_cash_out_fee_fraction: '0.01' })
    const intents = await outbox(core, 'intent')
    // every active machine's fees, and (platform mode) the super config itself, for every operator
    expect(intents.map((i) => i.d_tag).sort()).toEqual(
      [`bitspire-fees:${m.machine_pubkey}`, `bitspire-fees:${other.machine_pubkey}`, 'satmachine-super-config'].sort(),
    )
    await ok(core, 'superConfig.update', { fee_destination: 'fees@example.com' })
    // the destination alone changes no ATM's fees; the super config is republished (superseding the last)
    expect((await outbox(core, 'intent')).map((i) => i.d_tag).sort()).toEqual(
      [`bitspire-fees:${m.machine_pubkey}`, `bitspire-fees:${other.machine_pubkey}`, 'satmachine-super-config'].sort(),
    )

    await ok(core, 'sync.run', {})
    const seen = await atmReadsFees(atmSecret)
    expect(seen.latest).toMatchObject({
      cash_in: { operator: '0.0400' },
      cash_out: { super: '0.0100', operator: '0.0600', total: '0.0700' },
    })
    // created_at strictly increases per d-tag
    const times = seen.events.map((e) => e.created_at).sort()
    expect(new Set(times).size).toBe(times.length)
  }, 30_000)
})

describe('offline', () => {
  it('a relay that takes the connection but never answers the handshake: a clear error, the event waits, the app stays up', async () => {
    // A TCP listener that never speaks WebSocket (a captive portal, a stuck proxy).
    const silent = createServer(() => {}).listen(0, '127.0.0.1')
    await once(silent, 'listening')
    const url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`
    try {
      const { core } = newCore()
      await ok(core, 'relays.add', { url })
      await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
      await ok(core, 'machines.create', machineArgs())
      expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ signed: 1, delivered: 0 })
      expect(await ok(core, 'relays.list', {})).toEqual([
        expect.objectContaining({ url, state: 'offline', last_error: expect.stringMatching(/time/i) }),
      ])
      expect(await outbox(core, 'signed')).toHaveLength(1)
      // The socket the timeout closed reports its error after the round; the process must outlive it.
      await new Promise((r) => setTimeout(r, 300))
    } finally {
      silent.close()
    }
  }, 30_000)

  it('a relay that failed is retried after its backoff, in the same process, and gets the same event', async () => {
    const clock = testClock(Date.now())
    const dir = tempDir('satop-nostr-backoff-')
    dirs.push(dir)
    const core = coreAt(dir.path, { nip49LogN: 8, relayTimeoutMs: 2_000, clock: clock.now })
    open.push(core)
    await ok(core, 'relays.add', { url: relay.url })
    await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    const atmSecret = generateSecretKey()
    await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmSecret)) }))
    await relay.stop()
    try {
      expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ signed: 1, delivered: 0 })
      const [state] = await ok(core, 'relays.list', {})
      expect(state).toMatchObject({ state: 'offline', attempts: 1 })
      // the first retry waits 0.5-1.5 s (1 s with jitter)
      expect(state!.retry_at! - Date.parse(clock.now().toISOString())).toBeGreaterThan(400)
      expect(state!.retry_at! - Date.parse(clock.now().toISOString())).toBeLessThan(1_600)
    } finally {
      await relay.start()
    }
    // back, but within the backoff: not tried yet
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ delivered: 0, waiting: 1 })
    clock.advanceMinutes(1)
    // with the relay answering again, the audit head is queued, signed and sent with the fee config
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ signed: 1, delivered: 2, waiting: 0 })
    expect(await ok(core, 'relays.list', {})).toEqual([expect.objectContaining({ state: 'connected', attempts: 0, last_error: null })])
    const [item] = await outbox(core)
    // one publish attempt: in the first round the relay was already known to be down (the inbox
    // had just failed to reach it), so the outbox waited instead of trying again
    expect(item!.relays).toEqual([expect.objectContaining({ ok: true, attempts: 1 })])
    expect((await atmReadsFees(atmSecret)).events.map((e) => e.id)).toEqual([item!.event_id])
  }, 30_000)

  it('relay down during publish: queued; back: delivered once, the same signed event (never re-signed), also across a restart', async () => {
    const dir = tempDir('satop-nostr-offline-')
    const first = newCore(dir)
    await ok(first.core, 'relays.add', { url: relay.url })
    await ok(first.core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    const atmSecret = generateSecretKey()
    await ok(first.core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmSecret)) }))
    await relay.stop()
    let signedId: string | null
    try {
      const r = await ok(first.core, 'sync.run', {})
      expect(r.outbox).toMatchObject({ signed: 1, delivered: 0, waiting: 1 })
      const [item] = await outbox(first.core)
      expect(item).toMatchObject({ status: 'signed', relays: [{ url: relay.url, ok: false }] })
      signedId = item!.event_id
      expect(await ok(first.core, 'relays.list', {})).toEqual([
        expect.objectContaining({ url: relay.url, state: 'offline', last_error: expect.any(String) }),
      ])
    } finally {
      await relay.start()
    }
    // the app restarts before the relay is reachable to it again
    await first.core.close()
    const again = newCore({ path: dir.path, remove: () => undefined })
    const r = await ok(again.core, 'sync.run', {})
    // the audit head queued now waits for the key, locked in the new process
    expect(r.outbox).toMatchObject({ signed: 0, delivered: 1, waiting: 1 })
    const [item] = await outbox(again.core)
    expect(item).toMatchObject({ status: 'delivered', event_id: signedId })
    const seen = await atmReadsFees(atmSecret)
    expect(seen.events.map((e) => e.id)).toEqual([signedId])
  }, 30_000)

  it('bunker away: the intent waits; back: signed by the phone and delivered; restart in between changes nothing', async () => {
    const bunker = new BunkerPeer(relay)
    await bunker.start()
    const dir = tempDir('satop-nostr-bunker-')
    const first = newCore(dir)
    try {
      await ok(first.core, 'relays.add', { url: relay.url })
      await ok(first.core, 'signer.connectBunker', { uri: bunker.uri })
      const atmSecret = generateSecretKey()
      bunker.sleep()
      await ok(first.core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmSecret)) }))
      const r = await ok(first.core, 'sync.run', {})
      // the fee config and the audit head wait for the phone
      expect(r.outbox).toMatchObject({ signed: 0, waiting: 2, signer_error: expect.stringContaining('did not answer') })
      expect(await outbox(first.core)).toEqual([expect.objectContaining({ status: 'intent' })])
      await first.core.close()
      bunker.wake()
      const again = newCore({ path: dir.path, remove: () => undefined })
      expect((await ok(again.core, 'sync.run', {})).outbox).toMatchObject({ signed: 2, delivered: 2, waiting: 0 })
      const seen = await atmReadsFees(atmSecret)
      expect(seen.events).toHaveLength(1)
      expect(seen.events[0]!.pubkey).toBe(bunker.pubkey)
      expect(seen.latest).toMatchObject({ v: 1, fiat_code: 'GTQ' })
      expect(await again.core.call('signer.status', {}, ctx)).toMatchObject({ ok: true, result: { mode: 'bunker', ready: true } })
    } finally {
      bunker.wake()
      await bunker.stop()
    }
  }, 60_000)

  it('the relay goes away under a bunker session: the request waits (transient), and once it is back the next round reconnects and delivers', async () => {
    const bunker = new BunkerPeer(relay)
    await bunker.start()
    const { core } = newCore()
    try {
      await ok(core, 'relays.add', { url: relay.url })
      await ok(core, 'signer.connectBunker', { uri: bunker.uri })
      const atmSecret = generateSecretKey()
      await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(atmSecret)) }))
      await relay.stop()
      await bunker.stop()
      try {
        const away = await ok(core, 'sync.run', {})
        expect(away.outbox).toMatchObject({
          signed: 0,
          waiting: 1,
          signer_error: expect.stringMatching(/could not be reached|did not answer/),
        })
      } finally {
        await relay.start()
        await bunker.start()
      }
      // the relay's own backoff (about a second) passes, then it all goes out
      await expect.poll(async () => (await ok(core, 'sync.run', {})).outbox.waiting, { timeout: 15_000, interval: 500 }).toBe(0)
      expect(await outbox(core)).toEqual([expect.objectContaining({ status: 'delivered' })])
      expect((await atmReadsFees(atmSecret)).events).toHaveLength(1)
    } finally {
      await bunker.stop()
    }
  }, 60_000)
})

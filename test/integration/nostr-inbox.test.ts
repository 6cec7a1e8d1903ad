import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import * as nip44 from 'nostr-tools/nip44'
import { AtmNostr } from '../../src-main/atm-sim/nostr'
import type { Core } from '../../src-main/core/core'
import { BunkerPeer } from '../support/bunker'
import { machineArgs } from '../support/core'
import { coreAt, ctx, ok } from '../support/ledger-fixture'
import { RelayPeer } from '../support/relay'
import { tempDir } from '../support/tmp'

// What the ATMs and the platform send the operator, through a real relay, with the operator's
// key on a real NIP-46 bunker: cassette state in, the operator's loading out; the platform's
// super config in. Bad events are rejected and recorded, never applied.
let relay: RelayPeer
let bunker: BunkerPeer
let core: Core
const dir = tempDir('satop-inbox-')
let operator = ''

beforeAll(async () => {
  relay = await RelayPeer.start()
  bunker = new BunkerPeer(relay)
  await bunker.start()
  core = coreAt(dir.path, { relayTimeoutMs: 3_000, bunkerTimeoutMs: 5_000 })
  await ok(core, 'relays.add', { url: relay.url })
  operator = (await ok(core, 'signer.connectBunker', { uri: bunker.uri })).pubkey!
}, 60_000)

afterAll(async () => {
  await core?.close()
  await bunker?.stop()
  await relay?.destroy()
  dir.remove()
})

const seen = (id: string) => {
  const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT outcome, reason FROM seen_events WHERE event_id = ?').get(id) as
      { outcome: string; reason: string | null } | undefined
  } finally {
    db.close()
  }
}

describe('cassettes, end to end', () => {
  it('ATM state -> rows -> operator edit -> publish -> the ATM decrypts exactly its bays; the bunker signs and encrypts', async () => {
    const atmKey = generateSecretKey()
    const atm = new AtmNostr(atmKey, operator)
    const m = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(atm.pubkey) }))
    // before the ATM speaks: nothing to publish, and the app says why
    expect(await ok(core, 'cassettes.list', { machine_id: m.id })).toEqual([])
    expect(
      await core.call('cassettes.publish', { machine_id: m.id, positions: { '1': { denomination: 20, count: 1 } } }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Waiting for the ATM') } })

    const state = atm.stateEvent({
      '1': { denomination: 20, count: 100 },
      '2': { denomination: 50, count: 40 },
      '3': { denomination: 20, count: 0 },
    })
    await atm.publish(relay.url, state)
    const round = await ok(core, 'sync.run', {})
    expect(round.inbox).toMatchObject({ applied: 1, rejected: 0, errors: [] })
    const rows = await ok(core, 'cassettes.list', { machine_id: m.id })
    expect(rows.map((r) => [r.position, r.denomination, r.count, r.state_count, r.updated_by])).toEqual([
      [1, 20, 100, 100, 'atm'],
      [2, 50, 40, 40, 'atm'],
      [3, 20, 0, 0, 'atm'],
    ])
    // re-delivery changes nothing
    expect((await ok(core, 'sync.run', {})).inbox).toMatchObject({ applied: 0, rejected: 0 })

    // the operator refills: the bay set must match, naming what is missing and what is extra
    expect(
      await core.call(
        'cassettes.publish',
        { machine_id: m.id, positions: { '1': { denomination: 20, count: 90 }, '4': { denomination: 5, count: 1 } } },
        ctx,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: 'The bays must be the ones the ATM has (1, 2, 3). Missing: 2, 3. Not on this ATM: 4.' },
    })
    const loading = { '1': { denomination: 20, count: 200 }, '2': { denomination: 100, count: 30 }, '3': { denomination: 20, count: 150 } }
    const after = await ok(core, 'cassettes.publish', { machine_id: m.id, positions: loading })
    expect(after.map((r) => [r.position, r.denomination, r.count, r.updated_by, r.state_count])).toEqual([
      [1, 20, 200, 'test', 100],
      [2, 100, 30, 'test', 40],
      [3, 20, 150, 'test', 0],
    ])
    expect((await ok(core, 'sync.run', {})).outbox).toMatchObject({ waiting: 0 })

    // The ATM reports again (it dispensed, or miscounts): what the operator loaded stays, beside what the ATM says.
    await atm.publish(
      relay.url,
      atm.stateEvent(
        { '1': { denomination: 20, count: 170 }, '2': { denomination: 100, count: 30 }, '3': { denomination: 20, count: 150 } },
        state.created_at + 5,
      ),
    )
    expect((await ok(core, 'sync.run', {})).inbox).toMatchObject({ applied: 1 })
    expect(
      (await ok(core, 'cassettes.list', { machine_id: m.id })).map((r) => [
        r.position,
        r.denomination,
        r.count,
        r.updated_by,
        r.state_denomination,
        r.state_count,
      ]),
    ).toEqual([
      [1, 20, 200, 'test', 20, 170],
      [2, 100, 30, 'test', 100, 30],
      [3, 20, 150, 'test', 20, 150],
    ])
    const received = await atm.read(relay.url, 'cassettes')
    expect(received?.event.pubkey).toBe(bunker.pubkey)
    expect(received?.event.tags).toEqual([
      ['d', `bitspire-cassettes:${atm.pubkey}`],
      ['p', atm.pubkey],
    ])
    expect(received?.content).toEqual({ positions: loading })
    // and its fees arrived too (queued when the machine was created)
    expect((await atm.read(relay.url, 'fees'))?.content).toMatchObject({ v: 1, fiat_code: m.fiat_code })
  }, 60_000)

  it('forged, foreign-author, tampered and malformed events are rejected and recorded; nothing changes', async () => {
    const atmKey = generateSecretKey()
    const atm = new AtmNostr(atmKey, operator)
    const m = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(atm.pubkey) }))
    const stranger = generateSecretKey()
    const encrypt = (key: Uint8Array, text: string) => nip44.v2.encrypt(text, nip44.v2.utils.getConversationKey(key, operator))
    const t = Math.floor(Date.now() / 1000)
    const state = (key: Uint8Array, content: string, at: number) =>
      finalizeEvent(
        {
          kind: 30078,
          created_at: at,
          tags: [
            ['d', `bitspire-cassettes-state:${atm.pubkey}`],
            ['p', operator],
          ],
          content,
        },
        key,
      )
    const foreign = state(stranger, encrypt(stranger, JSON.stringify({ positions: { '1': { denomination: 1, count: 1 } } })), t)
    const malformed = state(atmKey, encrypt(atmKey, JSON.stringify({ positions: { zero: { denomination: -5, count: 1 } } })), t + 1)
    const garbage = state(atmKey, 'not nip44 at all', t + 2)
    const good = atm.stateEvent({ '1': { denomination: 20, count: 5 } }, t + 3)
    // tampered (content changed after signing): the relay itself refuses it, so it never reaches the app
    const tampered = {
      ...atm.stateEvent({ '1': { denomination: 20, count: 7 } }, t + 4),
      content: encrypt(atmKey, JSON.stringify({ positions: { '1': { denomination: 20, count: 7000 } } })),
    }
    expect((await rawSend(relay.url, tampered))[0]).toBe(false)
    // one at a time: the relay keeps only the newest event of an author for a d-tag
    const outcomes: unknown[] = []
    for (const e of [foreign, malformed, garbage, good]) {
      await atm.publish(relay.url, e)
      const r = await ok(core, 'sync.run', {})
      outcomes.push([r.inbox.applied, r.inbox.rejected, seen(e.id)])
    }
    expect(outcomes).toEqual([
      [0, 1, { outcome: 'rejected', reason: expect.stringMatching(/^written by .*not by the machine/) }],
      [0, 1, { outcome: 'rejected', reason: expect.stringContaining('the state is not a cassette list') }],
      [0, 1, { outcome: 'rejected', reason: 'the content is not a NIP-44 v2 message' }],
      [1, 0, { outcome: 'applied', reason: null }],
    ])
    expect(await ok(core, 'cassettes.list', { machine_id: m.id })).toEqual([
      expect.objectContaining({ position: 1, denomination: 20, count: 5 }),
    ])
  }, 60_000)
})

describe('the signer away while the ATM reports', () => {
  it('the state waits (not recorded, cursor not moved) and is applied once the phone answers again', async () => {
    const atmKey = generateSecretKey()
    const atm = new AtmNostr(atmKey, operator)
    const m = await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(atm.pubkey) }))
    const state = atm.stateEvent({ '1': { denomination: 10, count: 3 } })
    await atm.publish(relay.url, state)
    bunker.sleep()
    try {
      const away = await ok(core, 'sync.run', {})
      expect(away.inbox).toMatchObject({ applied: 0, rejected: 0, errors: [expect.stringContaining('did not answer nip44_decrypt')] })
      expect(seen(state.id)).toBeUndefined()
      expect(await ok(core, 'cassettes.list', { machine_id: m.id })).toEqual([])
    } finally {
      bunker.wake()
    }
    const back = await ok(core, 'sync.run', {})
    expect(back.inbox).toMatchObject({ applied: 1, errors: [] })
    expect(seen(state.id)).toEqual({ outcome: 'applied', reason: null })
    expect(await ok(core, 'cassettes.list', { machine_id: m.id })).toEqual([
      expect.objectContaining({ position: 1, denomination: 10, count: 3 }),
    ])
  }, 60_000)
})

describe('the platform’s super config', () => {
  it('is applied from the platform key only, checked against the cap, and republishes every ATM’s fees', async () => {
    const platformKey = generateSecretKey()
    await ok(core, 'settings.update', { platform_npub: npubEncode(getPublicKey(platformKey)) })
    const config = (key: Uint8Array, fields: Record<string, unknown>, at: number) =>
      finalizeEvent(
        { kind: 30078, created_at: at, tags: [['d', 'satmachine-super-config']], content: JSON.stringify({ v: 1, ...fields }) },
        key,
      )
    const now = Math.floor(Date.now() / 1000)
    const impostor = config(generateSecretKey(), { super_cash_out_fee_fraction: '0.09' }, now)
    const tooHigh = config(platformKey, { super_cash_out_fee_fraction: '0.14' }, now + 1)
    const fine = config(platformKey, { super_cash_in_fee_fraction: '0.01', super_cash_out_fee_fraction: '0.02' }, now + 2)
    const atm = new AtmNostr(generateSecretKey(), operator)
    await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(atm.pubkey), operator_cash_out_fee_fraction: '0.05' }))
    await ok(core, 'sync.run', {})
    for (const e of [impostor, tooHigh]) await atm.publish(relay.url, e)
    await ok(core, 'sync.run', {})
    expect(seen(impostor.id)).toBeUndefined() // not even asked for: the subscription names the platform key
    expect(seen(tooHigh.id)).toEqual({ outcome: 'rejected', reason: expect.stringContaining('above the cap') })
    expect(await ok(core, 'superConfig.get', {})).toMatchObject({ super_cash_out_fee_fraction: '0.0000' })
    await atm.publish(relay.url, fine)
    const r = await ok(core, 'sync.run', {})
    expect(seen(fine.id)).toEqual({ outcome: 'applied', reason: null })
    expect(await ok(core, 'superConfig.get', {})).toMatchObject({
      super_cash_in_fee_fraction: '0.0100',
      super_cash_out_fee_fraction: '0.0200',
      platform_mode: false,
    })
    expect(r.outbox.waiting).toBe(0)
    expect((await atm.read(relay.url, 'fees'))?.content).toMatchObject({
      cash_out: { super: '0.0200', operator: '0.0500', total: '0.0700' },
    })

    // A new platform key: its config applies even though it is older than the one in force (a new
    // platform's versions start afresh, and the relays are read again for it); the old key is no longer heard.
    const newPlatform = generateSecretKey()
    await ok(core, 'settings.update', { platform_npub: npubEncode(getPublicKey(newPlatform)) })
    const older = config(newPlatform, { super_cash_out_fee_fraction: '0.03' }, now - 3600)
    const stale = config(platformKey, { super_cash_out_fee_fraction: '0.04' }, now + 3)
    for (const e of [older, stale]) await atm.publish(relay.url, e)
    await ok(core, 'sync.run', {})
    expect(seen(older.id)).toEqual({ outcome: 'applied', reason: null })
    expect(seen(stale.id)).toBeUndefined()
    expect(await ok(core, 'superConfig.get', {})).toMatchObject({ super_cash_out_fee_fraction: '0.0300' })
  }, 60_000)
})

/** Publishes an event without any client-side checks; the relay's OK as [accepted, message]. */
async function rawSend(url: string, event: object): Promise<[boolean, string]> {
  const { default: WebSocket } = await import('ws')
  const ws = new WebSocket(url)
  await new Promise((r) => ws.once('open', r))
  const reply = await new Promise<string>((resolve) => {
    ws.once('message', (m) => resolve(m.toString()))
    ws.send(JSON.stringify(['EVENT', event]))
  })
  ws.close()
  const [, , accepted, message] = JSON.parse(reply) as [string, string, boolean, string]
  return [accepted, message]
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { textProblem } from '../../src-shared/contract/args'
import type { Core } from '../../src-main/core/core'
import { machineArgs, testCore } from '../support/core'
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { ctx, ok } from '../support/ledger-fixture'

// Input that should be refused is refused, writing nothing (issue 10, item 10).

let t: ReturnType<typeof testCore>
let core: Core
beforeEach(() => {
  t = testCore()
  core = t.core
})
afterEach(() => t.dispose())

const refusal = async (name: string, args: unknown) => {
  const r = await core.call(name, args, ctx)
  expect(r.ok, `${name} should be refused`).toBe(false)
  return r.ok ? undefined : r.error
}

describe('names and notes', () => {
  it.each([
    ['a control character', 'Lobby\u0007ATM', 'control characters'],
    ['a line break in a name', 'Lobby\nATM', 'control characters'],
    ['a right-to-left override', 'Lobby \u202EMTA', 'reading direction'],
    ['a bidi isolate', 'Lobby \u2066ATM\u2069', 'reading direction'],
    ['a lone surrogate', 'Lobby \uD800 ATM', 'not valid text'],
  ])('a machine name with %s is refused', async (_what, name, text) => {
    const error = await refusal('machines.create', machineArgs({ name }))
    expect(error).toMatchObject({ code: 'invalid_args', issues: [{ path: 'name', message: expect.stringContaining(text) }] })
    expect((await ok(core, 'machines.list', {})).items).toEqual([])
  })

  it('text is stored NFC-normalised, and a note keeps its line breaks', async () => {
    const decomposed = 'Jose\u0301' // J o s e + combining acute
    const m = await ok(core, 'machines.create', machineArgs({ name: decomposed }))
    expect(m.name).toBe('José')
    expect(m.name.length).toBe(4)
    expect(textProblem('first line\nsecond line', true)).toBeNull()
    expect(textProblem('first line\nsecond line')).toMatch(/control/)
  })
})

describe('amounts', () => {
  it('a fiat amount above 10^12 minor units is refused, so sums stay exact', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const error = await refusal('settlements.record', {
      machine_id: m.id,
      txid: 't',
      direction: 'cash_out',
      crypto_atoms: 1000,
      fiat_amount: 2 ** 53 - 1,
    })
    expect(error).toMatchObject({ code: 'invalid_args', issues: [{ path: 'fiat_amount' }] })
  })
})

describe('cursors, bays and keys', () => {
  it('audit.list with a malformed cursor is invalid_args', async () => {
    for (const cursor of ['!!!', Buffer.from('-1').toString('base64url'), Buffer.from('1e3').toString('base64url')]) {
      expect(await refusal('audit.list', { cursor })).toMatchObject({ code: 'invalid_args', issues: [{ path: 'cursor' }] })
    }
  })

  it('a cassette bay named __proto__ is refused, not dropped', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const args = JSON.parse(
      `{"machine_id":"${m.id}","positions":{"__proto__":{"denomination":20,"count":1},"1":{"denomination":20,"count":1}}}`,
    )
    expect(await refusal('cassettes.publish', args)).toMatchObject({ code: 'invalid_args', issues: [{ path: 'positions.__proto__' }] })
  })

  it("the collision guard works both ways: the app's signer key cannot be a machine's", async () => {
    const secret = generateSecretKey()
    await ok(core, 'machines.create', machineArgs({ machine_npub: npubEncode(getPublicKey(secret)), name: 'Plaza ATM' }))
    const error = await refusal('signer.importLocal', { key: Buffer.from(secret).toString('hex'), passphrase: 'a long passphrase' })
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('machine "Plaza ATM"') })
    expect(await ok(core, 'signer.status', {})).toMatchObject({ mode: 'none' })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { ingestWallet, type IngestDeps } from '../../src-main/core/ingestion/ingest'
import type { LnbitsClient, LnbitsPayment, ListFilters } from '../../src-main/core/lnbits/client'
import { openLedger, type Ledger } from '../../src-main/core/ledger/open'
import { keyedBox } from '../../src-main/core/secrets/box'
import type { WalletBindingsTable } from '../../src-main/core/ledger/schema'
import { LnbitsError } from '../../src-main/core/lnbits/errors'
import { writeSwitch } from '../../src-main/core/processing/switch'
import { silentLogger } from '../support/core'
import { tempDir } from '../support/tmp'

// The decisions of a round, against a scripted LNbits list (the real LNbits is in
// test/integration/ingestion.test.ts): what is written for each kind of payment, and where
// the cursor may go.
const T = '2026-11-22T10:00:00.000Z'
const NOW = Math.floor(Date.parse(T) / 1000)
const box = keyedBox(new Uint8Array(32).fill(7))
const machineKey = generateSecretKey()
let dir: { path: string; remove(): void }
let ledger: Ledger
let binding: WalletBindingsTable
let success: LnbitsPayment[]
let pending: LnbitsPayment[]

function payment(over: Partial<LnbitsPayment> & { payment_hash: string }): LnbitsPayment {
  return {
    bolt11: 'lnbc1',
    amount_msat: 1_000_000,
    amount_sats: 1000,
    fee_msat: 0,
    status: 'success',
    time: NOW - 600,
    expiry: null,
    memo: '',
    extra: {},
    wallet_id: 'w',
    ...over,
  }
}
const hash = (c: string) => c.repeat(64)
function attestation(
  h: string,
  sats: number,
  tags: string[][] = [['p', getPublicKey(generateSecretKey())]],
  direction: 'cash_out' | 'cash_in' = 'cash_out',
) {
  return finalizeEvent(
    {
      kind: 30078,
      created_at: NOW,
      tags: [['d', `bitspire-tx:tx-${h.slice(0, 4)}`], ['payment_hash', h], ...tags],
      content: JSON.stringify({
        v: 1,
        txid: `tx-${h.slice(0, 4)}`,
        direction,
        crypto_atoms: sats,
        fiat_amount: 100,
        fiat_code: 'GTQ',
      }),
    },
    machineKey,
  )
}

const fakeLnbits = (() => ({
  listPayments: async (_key: string, f: ListFilters) => {
    const side = (p: LnbitsPayment) => !f.direction || (f.direction === 'incoming' ? p.amount_msat > 0 : p.amount_msat < 0)
    const source = (f.status === 'pending' ? pending : success.filter((p) => f.since === undefined || p.time >= f.since)).filter(side)
    return source.slice(f.offset ?? 0, (f.offset ?? 0) + (f.limit ?? 100))
  },
})) as unknown as (url: string) => LnbitsClient

const deps = (): IngestDeps => ({
  db: ledger.db,
  secrets: box,
  lnbits: fakeLnbits,
  now: () => T,
  newId: () => crypto.randomUUID(),
  actor: 'test',
  emit: () => undefined,
  logger: silentLogger,
})
const round = () => ingestWallet(deps(), binding, { pageSize: 2, lookbackSeconds: 3600 })
const cursor = async () => (await ledger.db.selectFrom('ingestion_cursors').select('after_time').executeTakeFirstOrThrow()).after_time
const outCursor = async () =>
  (await ledger.db.selectFrom('ingestion_cursors').select('out_after_time').executeTakeFirstOrThrow()).out_after_time
/** An outgoing payment of the machine wallet (LNbits lists it negative) */
const sent = (over: Partial<LnbitsPayment> & { payment_hash: string; sats: number }) =>
  payment({ amount_msat: -over.sats * 1000, amount_sats: -over.sats, ...over })

beforeEach(() => {
  dir = tempDir()
  ledger = openLedger({ dataDir: dir.path, now: () => T })
  const raw = ledger.raw
  raw
    .prepare(
      `INSERT INTO machines (id, name, machine_pubkey, fiat_code, operator_cash_in_fee_parts, operator_cash_out_fee_parts, created_at, updated_at) VALUES ('m1', 'ATM', ?, 'GTQ', 0, 0, ?, ?)`,
    )
    .run(getPublicKey(machineKey), T, T)
  binding = {
    id: 'b1',
    role: 'machine',
    machine_id: 'm1',
    label: '',
    lnbits_url: 'http://127.0.0.1:1',
    lnbits_wallet_id: 'w',
    invoice_key_enc: Buffer.from(box.seal('0'.repeat(32))),
    invoice_key_preview: '…0000',
    admin_key_enc: Buffer.from(box.seal('1'.repeat(32))),
    admin_key_preview: '…1111',
    last_test_at: null,
    last_test_ok: null,
    last_test_error: null,
    created_at: new Date((NOW - 86_400) * 1000).toISOString(),
    updated_at: T,
  }
  raw
    .prepare(
      `INSERT INTO wallet_bindings (${Object.keys(binding).join(', ')}) VALUES (${Object.keys(binding)
        .map((k) => `@${k}`)
        .join(', ')})`,
    )
    .run(binding)
  success = []
  pending = []
})
afterEach(async () => {
  await ledger.close()
  dir.remove()
})

describe('a round of ingestion', () => {
  it('the next page is asked for while one is written; when it fails, what was read stays written and the round says why', async () => {
    success = ['a', 'b', 'c'].map((c) => payment({ payment_hash: hash(c), extra: { satmachine: attestation(hash(c), 1000) } }))
    const asked: number[] = []
    const failing = (() => ({
      listPayments: async (key: string, f: ListFilters) => {
        if (f.status === 'success') asked.push(f.offset ?? 0)
        if (f.status === 'success' && f.offset === 2) throw new LnbitsError('unreachable', 'connection refused')
        return (fakeLnbits('') as unknown as { listPayments: LnbitsClient['listPayments'] }).listPayments(key, f)
      },
    })) as unknown as (url: string) => LnbitsClient
    const r = await ingestWallet({ ...deps(), lnbits: failing }, binding, { pageSize: 2, lookbackSeconds: 3600 })
    expect(r).toMatchObject({ settlements: 2, error: expect.stringContaining('connection refused') })
    expect(asked).toEqual([0, 2])
    expect(ledger.raw.prepare('SELECT count(*) AS n FROM settlements').get()).toEqual({ n: 2 })
    // the next round reads the third
    expect(await round()).toMatchObject({ settlements: 1, duplicates: 2, error: null })
  })

  it('a round paused after a page never waits for the page asked for ahead, nor leaves its failure unhandled', async () => {
    success = ['a', 'b', 'c'].map((c) => payment({ payment_hash: hash(c), extra: { satmachine: attestation(hash(c), 1000) } }))
    const pausing = (() => ({
      listPayments: async (key: string, f: ListFilters) => {
        if (f.status === 'success' && f.offset === 2) {
          await writeSwitch(ledger.db, { paused: true, changed_at: T, changed_by: 'test', reason: 'test' }, T)
          throw new LnbitsError('unreachable', 'connection refused')
        }
        return (fakeLnbits('') as unknown as { listPayments: LnbitsClient['listPayments'] }).listPayments(key, f)
      },
    })) as unknown as (url: string) => LnbitsClient
    const r = await ingestWallet({ ...deps(), lnbits: pausing }, binding, { pageSize: 2, lookbackSeconds: 3600 })
    expect(r).toMatchObject({ settlements: 2, error: expect.stringMatching(/paused/i) })
  })

  it('a payment of fractional sats waits for the operator, once, whatever its extra says', async () => {
    success = [
      payment({ payment_hash: hash('a'), amount_msat: 1_500, amount_sats: null, extra: { satmachine: attestation(hash('a'), 1) } }),
    ]
    expect(await round()).toMatchObject({ unattributed: 1, error: null })
    expect(await round()).toMatchObject({ unattributed: 0, duplicates: 1, error: null })
    expect(ledger.raw.prepare('SELECT status, reason FROM unattributed_payments').all()).toEqual([
      { status: 'open', reason: expect.stringContaining('not a whole number of sats') },
    ])
  })

  it('an attestation nobody foresaw (an npub in the p tag) rejects that payment, and the round goes on', async () => {
    success = [
      payment({
        payment_hash: hash('b'),
        time: NOW - 900,
        extra: { satmachine: attestation(hash('b'), 1000, [['p', npubEncode(getPublicKey(generateSecretKey()))]]) },
      }),
      payment({ payment_hash: hash('c'), time: NOW - 800, extra: { satmachine: attestation(hash('c'), 1000) } }),
    ]
    expect(await round()).toMatchObject({ settlements: 1, rejected: 1, error: null })
    expect(ledger.raw.prepare("SELECT rejection_reason FROM settlements WHERE status = 'rejected'").get()).toEqual({
      rejection_reason: 'the p tag is not a public key in hex',
    })
  })

  it('the cursor trails the latest payment by the look-back, and never passes an invoice still open', async () => {
    success = [payment({ payment_hash: hash('d'), time: NOW - 10 })]
    await round()
    expect(await cursor()).toBe(NOW - 10 - 3600)
    // an invoice made long ago and still payable holds it back; an expired one does not
    success.push(payment({ payment_hash: hash('e'), time: NOW }))
    pending = [
      payment({ payment_hash: hash('f'), status: 'pending', time: NOW - 20_000, expiry: NOW - 1 }),
      payment({ payment_hash: hash('9'), status: 'pending', time: NOW - 9_000, expiry: NOW + 60 }),
    ]
    await round()
    expect(await cursor()).toBe(NOW - 10 - 3600) // min(NOW - 3600, NOW - 9000) is behind it: it stays
    pending = pending.slice(0, 1) // only the expired one is left
    await round()
    expect(await cursor()).toBe(NOW - 3600)
  })

  it('a cash-in is an outgoing payment attested as cash_in; an outgoing payment with no attestation is not a sale', async () => {
    success = [
      payment({ payment_hash: hash('1'), time: NOW - 900, extra: { satmachine: attestation(hash('1'), 1000) } }),
      sent({
        payment_hash: hash('2'),
        sats: 5000,
        time: NOW - 800,
        extra: { satmachine: attestation(hash('2'), 5000, undefined, 'cash_in') },
      }),
      // the app's own payout of a leg, and a withdrawal: outgoing, unattested
      sent({ payment_hash: hash('3'), sats: 40, time: NOW - 700, extra: { satmachine_leg: { leg_id: 'l1' } } }),
      sent({ payment_hash: hash('4'), sats: 900, time: NOW - 600 }),
      // attested the wrong way round, and attested for another amount
      sent({ payment_hash: hash('5'), sats: 700, time: NOW - 500, extra: { satmachine: attestation(hash('5'), 700) } }),
      sent({
        payment_hash: hash('6'),
        sats: 700,
        time: NOW - 400,
        extra: { satmachine: attestation(hash('6'), 70, undefined, 'cash_in') },
      }),
    ]
    expect(await round()).toMatchObject({ fetched: 6, settlements: 2, rejected: 2, unattributed: 0, ignored: 2, error: null })
    expect(
      ledger.raw
        .prepare('SELECT payment_hash, direction, crypto_atoms, status, rejection_reason FROM settlements ORDER BY payment_hash')
        .all(),
    ).toEqual([
      { payment_hash: hash('1'), direction: 'cash_out', crypto_atoms: 1000, status: 'pending', rejection_reason: null },
      { payment_hash: hash('2'), direction: 'cash_in', crypto_atoms: 5000, status: 'pending', rejection_reason: null },
      {
        payment_hash: hash('5'),
        direction: 'cash_in',
        crypto_atoms: 700,
        status: 'rejected',
        rejection_reason: 'attests a cash_out sale, but this is an outgoing payment (a cash-in)',
      },
      {
        payment_hash: hash('6'),
        direction: 'cash_in',
        crypto_atoms: 700,
        status: 'rejected',
        rejection_reason: 'attests 70 sats but the payment sent 700 sats',
      },
    ])
    expect(ledger.raw.prepare('SELECT count(*) AS n FROM unattributed_payments').get()).toEqual({ n: 0 })
    // read again: nothing new, and the unattested ones are still left alone
    expect(await round()).toMatchObject({ settlements: 0, rejected: 0, duplicates: 4, ignored: 2 })
  })

  it('an outgoing payment of odd msat with an attestation is rejected with the exact amount', async () => {
    success = [
      payment({
        payment_hash: hash('7'),
        amount_msat: -1_500,
        amount_sats: null,
        extra: { satmachine: attestation(hash('7'), 1, undefined, 'cash_in') },
      }),
    ]
    expect(await round()).toMatchObject({ rejected: 1, unattributed: 0 })
    expect(ledger.raw.prepare('SELECT direction, crypto_atoms, rejection_reason FROM settlements').get()).toEqual({
      direction: 'cash_in',
      crypto_atoms: 2,
      rejection_reason: 'attests 1 sats but the payment sent 1500 msat',
    })
  })

  it('the cash-in side has its own cursor: a payment still in flight holds back that side only', async () => {
    success = [payment({ payment_hash: hash('a'), time: NOW - 10 }), sent({ payment_hash: hash('b'), sats: 10, time: NOW - 20 })]
    pending = [sent({ payment_hash: hash('c'), sats: 10, status: 'pending', time: NOW - 9_000 })]
    await round()
    expect(await cursor()).toBe(NOW - 10 - 3600)
    expect(await outCursor()).toBe(NOW - 9_000)
    pending = []
    await round()
    expect(await outCursor()).toBe(NOW - 20 - 3600)
  })

  it('a cash-in the operator recorded by hand is not settled twice when its attested payment is read', async () => {
    ledger.raw
      .prepare(
        `INSERT INTO settlements (id, machine_id, source, txid, direction, crypto_atoms, fiat_amount, fiat_code, super_fee_parts, operator_fee_parts, created_at, updated_at) VALUES ('s1', 'm1', 'manual', 'tx-dddd', 'cash_in', 5000, 100, 'GTQ', 0, 0, ?, ?)`,
      )
      .run(T, T)
    success = [sent({ payment_hash: hash('d'), sats: 5000, extra: { satmachine: attestation(hash('d'), 5000, undefined, 'cash_in') } })]
    expect(await round()).toMatchObject({ settlements: 0, rejected: 1 })
    expect(ledger.raw.prepare("SELECT rejection_reason FROM settlements WHERE status = 'rejected'").get()).toEqual({
      rejection_reason: 'txid tx-dddd was already recorded by hand (settlement s1): this payment is that sale, and is not settled twice',
    })
  })
})

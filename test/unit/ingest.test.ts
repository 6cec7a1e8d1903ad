import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { npubEncode } from 'nostr-tools/nip19'
import { ingestWallet, type IngestDeps } from '../../src-main/core/ingestion/ingest'
import type { LnbitsClient, LnbitsPayment, ListFilters } from '../../src-main/core/lnbits/client'
import { openLedger, type Ledger } from '../../src-main/core/ledger/open'
import { keyedBox } from '../../src-main/core/secrets/box'
import type { WalletBindingsTable } from '../../src-main/core/ledger/schema'
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
function attestation(h: string, sats: number, tags: string[][] = [['p', getPublicKey(generateSecretKey())]]) {
  return finalizeEvent(
    {
      kind: 30078,
      created_at: NOW,
      tags: [['d', `bitspire-tx:tx-${h.slice(0, 4)}`], ['payment_hash', h], ...tags],
      content: JSON.stringify({
        v: 1,
        txid: `tx-${h.slice(0, 4)}`,
        direction: 'cash_out',
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
    const source = f.status === 'pending' ? pending : success.filter((p) => f.since === undefined || p.time >= f.since)
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
})

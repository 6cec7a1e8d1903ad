import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { LnbitsClient } from '../../src-main/core/lnbits/client'
import { LnbitsError } from '../../src-main/core/lnbits/errors'
import { LnbitsPeer, type TestWallet } from '../support/lnbits'

// Against a real LNbits (FakeWallet funding source): every call the app makes.
let peer: LnbitsPeer
let client: LnbitsClient
let customer: TestWallet
let machine: TestWallet

beforeAll(async () => {
  peer = await LnbitsPeer.start()
  client = new LnbitsClient({ url: peer.url, timeoutMs: 10_000 })
  customer = await peer.newWallet('customer')
  machine = await peer.newWallet('machine')
  await peer.fund(customer.id, 50_000)
}, 120_000)

afterAll(async () => {
  await peer?.stop()
})

async function failure(p: Promise<unknown>): Promise<LnbitsError> {
  try {
    await p
  } catch (e) {
    if (e instanceof LnbitsError) return e
    throw e
  }
  throw new Error('expected an LnbitsError')
}

describe('LNbits client against a real LNbits', () => {
  it('reads a wallet and its balance in msat', async () => {
    expect(await client.wallet(customer.inkey)).toMatchObject({ name: 'customer', balance_msat: 50_000_000 })
  })

  it('invoice -> pay -> both sides see it, amounts exact, extra kept', async () => {
    const before = await client.wallet(machine.inkey)
    const invoice = await client.createInvoice(machine.inkey, { amount_sats: 1234, memo: 'sale', extra: { satmachine: { txid: 't1' } } })
    expect(invoice.payment_hash).toMatch(/^[0-9a-f]{64}$/)
    const paid = await client.pay(customer.adminkey, invoice.bolt11, { satmachine_leg: 'l1' })
    expect(paid.payment_hash).toBe(invoice.payment_hash)
    expect((await client.wallet(machine.inkey)).balance_msat - before.balance_msat).toBe(1_234_000)
    expect(await client.paymentState(machine.inkey, invoice.payment_hash)).toEqual({ state: 'success' })
    expect(await client.paymentState(customer.inkey, invoice.payment_hash)).toEqual({ state: 'success' })
    const incoming = await client.listPayments(machine.inkey, { direction: 'incoming', status: 'success' })
    expect(incoming.find((p) => p.payment_hash === invoice.payment_hash)).toMatchObject({
      amount_sats: 1234,
      amount_msat: 1_234_000,
      status: 'success',
      extra: { satmachine: { txid: 't1' } },
    })
    // the payer's side lists it as outgoing, negative, with the payer's extra; each filter keeps to its side
    const outgoing = await client.listPayments(customer.inkey, { direction: 'outgoing', status: 'success' })
    expect(outgoing.find((p) => p.payment_hash === invoice.payment_hash)).toMatchObject({
      amount_sats: -1234,
      amount_msat: -1_234_000,
      extra: { satmachine_leg: 'l1' },
    })
    expect(outgoing.every((p) => p.amount_msat < 0)).toBe(true)
    expect((await client.listPayments(customer.inkey, { direction: 'incoming', status: 'success' })).every((p) => p.amount_msat > 0)).toBe(
      true,
    )
    expect((await client.listPayments(machine.inkey, { direction: 'outgoing' })).some((p) => p.payment_hash === invoice.payment_hash)).toBe(
      false,
    )
  })

  it('an invoice is paid at most once', async () => {
    const invoice = await client.createInvoice(machine.inkey, { amount_sats: 10, memo: 'once' })
    await client.pay(customer.adminkey, invoice.bolt11)
    const balance = (await client.wallet(customer.inkey)).balance_msat
    const e = await failure(client.pay(customer.adminkey, invoice.bolt11))
    expect(e.kind).toBe('payment_failed')
    expect((await client.wallet(customer.inkey)).balance_msat).toBe(balance)
  })

  it("a payment beyond the balance fails with LNbits' reason, and nothing moves", async () => {
    const invoice = await client.createInvoice(machine.inkey, { amount_sats: 10_000_000, memo: 'too much' })
    const before = (await client.wallet(customer.inkey)).balance_msat
    const e = await failure(client.pay(customer.adminkey, invoice.bolt11))
    expect(e).toMatchObject({ kind: 'payment_failed', status: 520 })
    expect(e.message).toMatch(/Insufficient balance/i)
    expect((await client.wallet(customer.inkey)).balance_msat).toBe(before)
  })

  it('a wrong key is unauthorized, with what to do', async () => {
    const e = await failure(client.wallet('0'.repeat(32)))
    expect(e.kind).toBe('unauthorized')
    expect(e.message).toContain('Rotate it')
    const invoice = await client.createInvoice(machine.inkey, { amount_sats: 5, memo: 'x' })
    expect((await failure(client.pay(customer.inkey, invoice.bolt11))).kind).toBe('unauthorized') // an invoice key cannot pay
  })

  it('an unknown payment hash is unknown, not an error', async () => {
    expect(await client.paymentState(machine.inkey, 'ab'.repeat(32))).toEqual({ state: 'unknown' })
  })

  it('LNbits stopped: unreachable (reads retried first); back again: works', async () => {
    await peer.halt()
    const fast = new LnbitsClient({ url: peer.url, timeoutMs: 2000, readRetries: 1 })
    expect((await failure(fast.wallet(customer.inkey))).kind).toBe('unreachable')
    expect((await failure(fast.createInvoice(machine.inkey, { amount_sats: 1, memo: 'x' }))).kind).toBe('unreachable')
    await peer.launch()
    expect((await fast.wallet(customer.inkey)).name).toBe('customer')
  }, 90_000)
})

describe('LNbits client faults that a healthy LNbits will not produce on demand', () => {
  let server: Server
  let mode: 'silent' | '500' | 'html' | '520-pending' | '520-paid' | '201-pending' | '429' = 'silent'
  let hits = 0
  let url = ''
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++
      if (mode === '500') {
        res.writeHead(500, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ detail: 'database is locked' }))
      } else if (mode === '520-pending' || mode === '520-paid') {
        res.writeHead(520, { 'Content-Type': 'application/json' })
        res.end(
          JSON.stringify(
            mode === '520-pending'
              ? { detail: 'Payment is still pending.', status: 'pending' }
              : { detail: 'Payment already paid.', status: 'success' },
          ),
        )
      } else if (mode === '201-pending') {
        res.writeHead(201, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ payment_hash: 'ab'.repeat(32), status: 'pending', fee: 0 }))
      } else if (mode === '429') {
        // what LNbits' rate limiter answers (its body has "error", not "detail")
        res.writeHead(429, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: 'Rate limit exceeded: 200 per 1 minute' }))
      } else if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        res.end('<html>captive portal</html>')
      }
      // silent: never answer
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('a rate limit is reported as such and not retried at once (it lasts its window)', async () => {
    mode = '429'
    hits = 0
    const c = new LnbitsClient({ url, timeoutMs: 1000, readRetries: 2 })
    const e = await failure(c.listPayments('k'))
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, transient: true })
    expect(e.message).toContain('Rate limit exceeded: 200 per 1 minute')
    expect(hits).toBe(1)
  })

  it('a silent server times out; a write is not repeated', async () => {
    mode = 'silent'
    hits = 0
    const c = new LnbitsClient({ url, timeoutMs: 300, readRetries: 2 })
    expect((await failure(c.pay('k', 'lnbc1'))).kind).toBe('timeout')
    expect(hits).toBe(1)
  })

  it('5xx on a read is retried, then reported with the detail', async () => {
    mode = '500'
    hits = 0
    const c = new LnbitsClient({ url, timeoutMs: 1000, readRetries: 2 })
    const e = await failure(c.wallet('k'))
    expect(e).toMatchObject({ kind: 'server_error', status: 500, detail: 'database is locked' })
    expect(hits).toBe(3)
  })

  it('a 520 or 201 that says "pending" is not a failure: the outcome is still open', async () => {
    const c = new LnbitsClient({ url, timeoutMs: 1000 })
    for (const m of ['520-pending', '201-pending'] as const) {
      mode = m
      const e = await failure(c.pay('k', 'lnbc1'))
      expect(e.kind).toBe('payment_pending')
      expect(e.transient).toBe(true)
    }
    mode = '520-paid'
    expect(await failure(c.pay('k', 'lnbc1'))).toMatchObject({ kind: 'payment_failed', paymentStatus: 'success' })
  })

  it('a body that is not LNbits JSON is a bad response', async () => {
    mode = 'html'
    const c = new LnbitsClient({ url, timeoutMs: 1000 })
    expect((await failure(c.wallet('k'))).kind).toBe('bad_response')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchPayParams, requestInvoice, type PayParams } from '../../src-main/core/lnurl/pay'
import { Agent } from 'undici'
import { isLocalHost, isPrivateAddress, publicOnlyLookup, resolvesToPrivate } from '../../src-main/core/lnurl/private-address'

// An LNURL server on the internet must not steer the app's requests to this computer or the LAN
// (a loopback request made from the operator's laptop), by its callback or by its DNS. One that
// names this computer may call back here.
let server: Server
let port = 0
const hits: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.setHeader('Content-Type', 'application/json')
    if (req.url?.startsWith('/.well-known/lnurlp/ana'))
      return res.end(
        JSON.stringify({
          tag: 'payRequest',
          callback: `http://127.0.0.1:${port}/cb`,
          minSendable: 1000,
          maxSendable: 10_000_000,
          metadata: '[]',
        }),
      )
    res.end(JSON.stringify({ status: 'ERROR', reason: 'test server: no invoice here' }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('LNURL callbacks that lead to a private network', () => {
  it('knows loopback, private, link-local and unspecified addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.20',
      '169.254.1.1',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      '[::1]',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true)
    // IPv4 inside IPv6, in every form a URL may hand over (new URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1)
    for (const a of ['[::ffff:7f00:1]', '::ffff:a00:1', '::7f00:1', '64:ff9b::7f00:1', '64:ff9b::192.168.1.1', 'fec0::1'])
      expect(isPrivateAddress(a), a).toBe(true)
    expect(isPrivateAddress(new URL('https://[::ffff:127.0.0.1]/').hostname)).toBe(true)
    for (const a of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:db8::1', '1.1.1.1', '64:ff9b::808:808', '::ffff:808:808'])
      expect(isPrivateAddress(a), a).toBe(false)
  })

  it('knows this computer and the LAN by name alone: localhost, .local, private address literals', () => {
    for (const h of ['localhost', 'LOCALHOST.', 'app.localhost', 'printer.local', '127.0.0.1', '[::1]', '192.168.1.20'])
      expect(isLocalHost(h), h).toBe(true)
    for (const h of ['93.184.215.14', 'example.com', 'localhost.example.com', 'local', '[2001:db8::1]'])
      expect(isLocalHost(h), h).toBe(false)
  })

  it('a name that resolves elsewhere for the check and to this computer for the connection is refused as the connection is made', async () => {
    // DNS is the world's; what a name answers is this test's. The first answer for rebind.example
    // is public (the check), every later one the test server's loopback address (DNS rebinding).
    const asked: string[] = []
    const resolve = async (hostname: string) => {
      asked.push(hostname)
      const first = hostname === 'rebind.example' && asked.filter((h) => h === hostname).length === 1
      return [{ address: first ? '93.184.215.14' : '127.0.0.1', family: 4 }]
    }
    const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup(resolve) } })
    try {
      const before = hits.length
      await expect(fetchPayParams('lightning_address', `ana@rebind.example:${port}`, { publicOnly, resolve })).rejects.toThrow(
        /rebind\.example resolves to 127\.0\.0\.1, on this computer or a private network, which the destination's own address does not name: refused/,
      )
      const params: PayParams = {
        callback: `https://cb.example:${port}/cb`,
        min_msat: 1000,
        max_msat: 10_000_000,
        metadata: '[]',
        local_origin: false,
        origin_host: 'pay.example.com',
      }
      await expect(requestInvoice(params, 5000, { publicOnly })).rejects.toThrow(/cb\.example resolves to 127\.0\.0\.1.*refused/)
      // the check, then each connection's own lookup; nothing reached the server
      expect(asked).toEqual(['rebind.example', 'rebind.example', 'cb.example'])
      expect(hits.length).toBe(before)
    } finally {
      await publicOnly.close()
    }
  })

  it('a destination on the LAN by DNS (a LAN or tailnet name) is reached, and may call back only to its own host', async () => {
    const lan = async () => [{ address: '100.101.102.103', family: 4 }]
    const params = {
      local_origin: 'resolved' as const,
      origin_host: 'lnbits.tail1234.ts.net',
      min_msat: 1000,
      max_msat: 10_000_000,
      metadata: '[]',
    }
    const before = hits.length
    await expect(requestInvoice({ ...params, callback: `http://127.0.0.1:${port}/cb` }, 5000)).rejects.toThrow(
      new RegExp(
        `callback leads to 127\\.0\\.0\\.1:${port}, not to its own host on your network \\(lnbits\\.tail1234\\.ts\\.net\\): refused`,
      ),
    )
    await expect(requestInvoice({ ...params, callback: 'https://printer.lan/cb' }, 5000)).rejects.toThrow(
      /not to its own host on your network/,
    )
    expect(hits.length).toBe(before)
    // what decides it: the name resolves to a private address (CGNAT, as a tailnet's do)
    expect(await resolvesToPrivate('lnbits.tail1234.ts.net', lan)).toBe(true)
    expect(await resolvesToPrivate('pay.example.com', async () => [{ address: '93.184.215.14', family: 4 }])).toBe(false)
  })

  it('refuses a callback to this computer when the destination itself is elsewhere, before any request', async () => {
    const params: PayParams = {
      callback: `http://127.0.0.1:${port}/cb`,
      min_msat: 1000,
      max_msat: 10_000_000,
      metadata: '[]',
      local_origin: false,
      origin_host: 'pay.example.com',
    }
    const before = hits.length
    await expect(requestInvoice(params, 5000)).rejects.toThrow(/leads to this computer or a private network \(127\.0\.0\.1:\d+\).*refused/)
    expect(hits.length).toBe(before)
  })

  it('lets a destination on this computer call back to it', async () => {
    const params = await fetchPayParams('lightning_address', `ana@127.0.0.1:${port}`)
    expect(params).toMatchObject({ local_origin: 'named', origin_host: `127.0.0.1:${port}` })
    await expect(requestInvoice(params, 5000)).rejects.toThrow('test server: no invoice here') // it was asked
    expect(hits.at(-1)).toBe('/cb?amount=5000')
  })
})

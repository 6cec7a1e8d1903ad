import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { WebSocket } from 'ws'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../src-main/bridge/server'
import { isAllowedHost, isLoopbackAddress } from '../../src-main/bridge/loopback'
import type { BridgeMessage } from '../../src-shared/contract/transport'
import { machineArgs, silentLogger, testCore } from '../support/core'
import { PROJECT_ROOT } from '../support/tmp'

let t: ReturnType<typeof testCore>
let bridge: Bridge
beforeEach(async () => {
  t = testCore()
  bridge = await startBridge({ core: t.core, logger: silentLogger, staticDir: join(PROJECT_ROOT, 'out', 'renderer') })
})
afterEach(async () => {
  await bridge.close()
  await t.dispose()
})

function wsUrl(token: string | null): string {
  return `ws://127.0.0.1:${bridge.port}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`
}

/** Opens a socket; resolves with it once open, or rejects with the HTTP status of the refusal. */
function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Frames can arrive in one burst; queue them so none is missed between awaits. */
const inboxes = new WeakMap<WebSocket, { frames: BridgeMessage[]; waiting: ((m: BridgeMessage) => void)[] }>()
function nextMessage(ws: WebSocket): Promise<BridgeMessage> {
  let inbox = inboxes.get(ws)
  if (!inbox) {
    const box = { frames: [] as BridgeMessage[], waiting: [] as ((m: BridgeMessage) => void)[] }
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as BridgeMessage
      const w = box.waiting.shift()
      if (w) w(m)
      else box.frames.push(m)
    })
    inboxes.set(ws, box)
    inbox = box
  }
  const queued = inbox.frames.shift()
  if (queued) return Promise.resolve(queued)
  return new Promise((resolve) => inbox.waiting.push(resolve))
}

function get(path: string, host?: string): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers: host ? { host } : {} }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the bridge', () => {
  it('prints a loopback URL with the per-launch token', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`)
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('serves the built renderer, and nothing outside it', async () => {
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.type).toContain('text/html')
    expect(index.body).toContain('<div id="app">')
    expect((await get('/../../package.json')).status).not.toBe(200)
    const encoded = await get('/%2e%2e/%2e%2e/package.json')
    expect(encoded.status).toBe(404)
    expect(encoded.body).not.toContain('satmachine-operator')
    expect((await get('/missing.js')).status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', 'evil.example')).status).toBe(421)
  })

  it('runs commands for a socket with the right token', async () => {
    const ws = await open(wsUrl(bridge.token))
    ws.send(JSON.stringify({ id: 1, name: 'machines.create', args: machineArgs({ name: 'Via bridge' }) }))
    // the push event and the reply both arrive, in either order
    const frames = await Promise.all([nextMessage(ws), nextMessage(ws)])
    const reply = frames.find((f) => f.type === 'reply')
    const event = frames.find((f) => f.type === 'event')
    expect(reply).toMatchObject({ type: 'reply', id: 1, reply: { ok: true, result: { name: 'Via bridge' } } })
    expect(event).toMatchObject({ type: 'event', event: { name: 'machines.changed' } })
    ws.send(JSON.stringify({ id: 2, name: 'machines.list', args: {} }))
    expect(await nextMessage(ws)).toMatchObject({ id: 2, reply: { ok: true, result: { items: [{ name: 'Via bridge' }] } } })
    ws.close()
  })

  it('refuses a missing or wrong token', async () => {
    await expect(open(wsUrl(null))).rejects.toThrow('HTTP 401')
    await expect(open(wsUrl('wrong'))).rejects.toThrow('HTTP 401')
    await expect(open(wsUrl(bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A')))).rejects.toThrow('HTTP 401')
  })

  it('refuses a socket opened by another web origin', async () => {
    await expect(open(wsUrl(bridge.token), { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403')
    const ws = await open(wsUrl(bridge.token), { origin: `http://127.0.0.1:${bridge.port}` })
    ws.close()
  })

  it('answers a malformed frame with a typed error instead of dropping it', async () => {
    const ws = await open(wsUrl(bridge.token))
    ws.send('{not json')
    expect(await nextMessage(ws)).toMatchObject({ type: 'reply', id: null, reply: { ok: false, error: { code: 'invalid_args' } } })
    ws.send(JSON.stringify({ id: 'x', name: 5 }))
    expect(await nextMessage(ws)).toMatchObject({ type: 'reply', id: null, reply: { ok: false, error: { code: 'invalid_args' } } })
    ws.close()
  })

  it('will not bind to a non-loopback address', async () => {
    await expect(startBridge({ core: t.core, logger: silentLogger, host: '0.0.0.0' })).rejects.toThrow(/only binds to a loopback address/)
  })
})

describe('loopback checks', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.168.1.10', false],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.10', false],
    ['0.0.0.0', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected)
  })

  it('allows only our own host:port', () => {
    expect(isAllowedHost('127.0.0.1:5000', 5000)).toBe(true)
    expect(isAllowedHost('localhost:5000', 5000)).toBe(true)
    expect(isAllowedHost('127.0.0.1:5001', 5000)).toBe(false)
    expect(isAllowedHost('attacker.example:5000', 5000)).toBe(false)
    expect(isAllowedHost(undefined, 5000)).toBe(false)
  })
})

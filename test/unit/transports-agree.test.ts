import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import { WebSocket } from 'ws'
import { startBridge, type Bridge } from '../../src-main/bridge/server'
import { registerIpc } from '../../src-main/shell/ipc'
import type { Reply } from '../../src-shared/contract/reply'
import type { BridgeMessage } from '../../src-shared/contract/transport'
import { satop } from '../support/cli'
import { machineArgs, silentLogger, testCore } from '../support/core'

// One error, four ways in: direct, Electron IPC, the WebSocket bridge and the CLI.
let t: ReturnType<typeof testCore>
let bridge: Bridge
beforeEach(async () => {
  t = testCore()
  bridge = await startBridge({ core: t.core, logger: silentLogger })
})
afterEach(async () => {
  await bridge.close()
  await t.dispose()
})

async function viaIpc(name: string, args: unknown): Promise<Reply> {
  let handler: ((e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<Reply>) | undefined
  registerIpc({ handle: (_c, h) => (handler = h as typeof handler), removeHandler: () => {} }, t.core, () => true)
  return handler!({} as IpcMainInvokeEvent, name, args)
}

async function viaBridge(name: string, args: unknown): Promise<Reply> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`)
  await new Promise((r) => ws.once('open', r))
  const reply = new Promise<Reply>((resolve) =>
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as BridgeMessage
      if (m.type === 'reply') resolve(m.reply)
    }),
  )
  ws.send(JSON.stringify({ id: 1, name, args }))
  const r = await reply
  ws.close()
  return r
}

async function viaCli(name: string, args: unknown): Promise<Reply> {
  const r = await satop(['call', name, JSON.stringify(args), '--data-dir', t.dataDir])
  const json = r.json as { error?: Reply extends { error: infer E } ? E : never }
  return r.code === 0 ? { ok: true, result: r.json } : { ok: false, error: json.error! }
}

describe('the same error reaches the caller unchanged through every transport', () => {
  it.each([
    ['invalid args', 'machines.create', machineArgs({ machine_npub: 'npub1nope', operator_cash_out_fee_fraction: '0.5' })],
    ['unknown command', 'machines.teleport', {}],
    ['not found', 'machines.get', { id: 'missing' }],
  ])('%s', async (_label, name, args) => {
    const direct = await t.core.call(name, args, { actor: 'test' })
    expect(direct.ok).toBe(false)
    expect(await viaIpc(name, args)).toEqual(direct)
    expect(await viaBridge(name, args)).toEqual(direct)
    expect(await viaCli(name, args)).toEqual(direct)
  })

  it('a conflict found by the core, too', async () => {
    const args = machineArgs()
    expect((await t.core.call('machines.create', args, { actor: 'test' })).ok).toBe(true)
    const direct = await t.core.call('machines.create', args, { actor: 'test' })
    expect(direct).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await viaIpc('machines.create', args)).toEqual(direct)
    expect(await viaBridge('machines.create', args)).toEqual(direct)
    expect(await viaCli('machines.create', args)).toEqual(direct)
  })
})

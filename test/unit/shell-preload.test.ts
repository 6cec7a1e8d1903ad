import { describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type PreloadApi } from '../../src-shared/contract/transport'

// Electron's binary cannot run here: the preload is tested against fakes of its two APIs.
const exposed = new Map<string, unknown>()
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, result: 'pong' }))
const listeners = new Map<string, (...args: unknown[]) => void>()
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, l: (...args: unknown[]) => void) => listeners.set(channel, l),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}))

describe('preload', () => {
  it('exposes exactly call and onEvent as window.satop', async () => {
    await import('../../src-main/shell/preload')
    expect([...exposed.keys()]).toEqual(['satop'])
    const api = exposed.get('satop') as PreloadApi
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent'])

    expect(await api.call('machines.list', { limit: 5 })).toEqual({ ok: true, result: 'pong' })
    expect(invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'machines.list', { limit: 5 })

    const seen: unknown[] = []
    const off = api.onEvent((e) => seen.push(e))
    listeners.get(IPC_EVENT_CHANNEL)?.({ sender: 'ignored' }, { name: 'machines.changed', payload: { id: 'm1' } })
    expect(seen).toEqual([{ name: 'machines.changed', payload: { id: 'm1' } }])
    off()
    expect(listeners.has(IPC_EVENT_CHANNEL)).toBe(false)
  })
})

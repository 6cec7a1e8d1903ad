import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import type { PushEvent } from '../../src-shared/contract/events'
import { machineArgs, testCore } from '../support/core'
import { newPubkey } from '../support/keys'
import { ctx, ok } from '../support/ledger-fixture'

let t: ReturnType<typeof testCore>
let core: Core
beforeEach(() => {
  t = testCore()
  core = t.core
})
afterEach(() => t.dispose())

describe("the operator's settings: the platform key", () => {
  it('is unset on a new ledger: no platform, not platform mode, and the platform fee is read-only', async () => {
    expect(await ok(core, 'settings.get', {})).toEqual({
      platform_pubkey: null,
      platform_npub: null,
      operator_pubkey: null,
      platform_mode: false,
      backup_interval_hours: 6,
      backup_keep: 10,
      alert_leg_minutes: 15,
      alert_deposit_hours: 48,
      alert_sync_minutes: 30,
      alert_backup_hours: 24,
      language: 'system',
    })
    expect(await core.call('superConfig.update', { super_cash_in_fee_fraction: '0.01' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('is set from an npub or hex, shown both ways, audited with before and after, and announced', async () => {
    const platform = newPubkey()
    const events: PushEvent[] = []
    core.onEvent((e) => events.push(e))
    const s = await ok(core, 'settings.update', { platform_npub: platform.npub })
    expect(s).toEqual({
      platform_pubkey: platform.hex,
      platform_npub: platform.npub,
      operator_pubkey: null,
      platform_mode: false,
      backup_interval_hours: 6,
      backup_keep: 10,
      alert_leg_minutes: 15,
      alert_deposit_hours: 48,
      alert_sync_minutes: 30,
      alert_backup_hours: 24,
      language: 'system',
    })
    expect(await ok(core, 'settings.get', {})).toEqual(s)
    const [row] = (await ok(core, 'audit.list', { entity: 'settings', limit: 10 })).items
    expect(row).toMatchObject({
      command: 'settings.update',
      entity_id: 'platform_pubkey',
      before: { platform_npub: null },
      after: { platform_npub: platform.npub },
    })
    expect(events.map((e) => e.name)).toEqual(['settings.changed', 'superConfig.changed'])
    // the same key again changes nothing and writes nothing
    await ok(core, 'settings.update', { platform_npub: platform.hex })
    expect((await ok(core, 'audit.list', { entity: 'settings', limit: 10 })).items).toHaveLength(1)
    // cleared: no platform again
    expect(await ok(core, 'settings.update', { platform_npub: null })).toMatchObject({ platform_pubkey: null, platform_npub: null })
  })

  it("refuses a key that is not one, or that is a machine's, writing nothing", async () => {
    const atm = newPubkey()
    const m = await ok(core, 'machines.create', machineArgs({ machine_npub: atm.npub }))
    expect(await core.call('settings.update', { platform_npub: 'npub1notakey' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'platform_npub' }] },
    })
    expect(await core.call('settings.update', { platform_npub: atm.npub }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`machine "${m.name}"`), issues: [{ path: 'platform_npub' }] },
    })
    expect(await core.call('settings.update', { platform_npub: atm.npub, colour: 'red' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    })
    expect((await ok(core, 'settings.get', {})).platform_pubkey).toBeNull()
    expect((await ok(core, 'audit.list', { entity: 'settings', limit: 10 })).items).toEqual([])
  })

  it("equal to the app's own signer key: platform mode, and the platform fee can be set here", async () => {
    const me = await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    const s = await ok(core, 'settings.update', { platform_npub: me.npub! })
    expect(s).toMatchObject({ platform_mode: true, operator_pubkey: me.pubkey })
    expect((await ok(core, 'superConfig.get', {})).platform_mode).toBe(true)
    expect(await ok(core, 'superConfig.update', { super_cash_out_fee_fraction: '0.0100' })).toMatchObject({
      super_cash_out_fee_fraction: '0.0100',
      platform_mode: true,
    })
  })
})

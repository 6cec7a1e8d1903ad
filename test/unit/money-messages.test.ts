import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { SWITCH_SETTING } from '../../src-main/core/processing/switch'
import { CommandError } from '../../src-shared/contract/errors'
import { checkFeeCap } from '../../src-shared/domain/fee-cap'
import { translate } from '../../src-shared/messages'
import { machineArgs } from '../support/core'
import { FakeLightning } from '../support/fake-lightning'
import { coreAt, ctx, fundedMachine, ok } from '../support/ledger-fixture'
import { expectRefusalsById, refusedInBoth } from '../support/refusals'
import { tempDir } from '../support/tmp'

// The refusals of settlements, processing, fees, reconciliation and sync carry their message's id
// beside the English (docs/i18n.md), and the English is what it was before they had one.

const NAMESPACES = ['settlement', 'processing', 'fees', 'reconcile', 'sync'] as const
const FILES = [
  'src-main/core/settlement/rules.ts',
  'src-main/core/settlement/handlers.ts',
  'src-main/core/settlement/queries.ts',
  'src-main/core/processing/pay-pending.ts',
  'src-main/core/processing/handlers.ts',
  'src-main/core/processing/switch.ts',
  'src-shared/domain/fee-cap.ts',
  'src-main/core/fees/handlers.ts',
  'src-main/core/reconcile/handlers.ts',
  'src-main/core/sync/round.ts',
]
// resuming one settlement refuses with the payer's own sentence, as it came (no words of its own to translate)
const LEFT_AS_IT_CAME: Record<string, number> = { 'src-main/core/processing/handlers.ts': 1 }

describe('the refusals of settlements, processing, fees, reconcile and sync by message id', () => {
  it('are built by id, each id is in a catalog, and each message of those catalogs is used', () => {
    // the switch's settings key is not a message
    expectRefusalsById({ files: FILES, namespaces: NAMESPACES, passedOn: LEFT_AS_IT_CAME, notMessages: [SWITCH_SETTING] })
  })

  it('the fee cap says what it said, in each variant', () => {
    // the English as checkFeeCap built it before it had message ids
    const before = (direction: string, s: string, o: string, total: string, max: string, machine: string | undefined, onSuper: boolean) =>
      `The ${direction} fee${machine ? ` on machine "${machine}"` : ''} would be ${total} (super ${s} + operator ${o}), above the cap of 0.1500. ` +
      (onSuper
        ? `Lower the operator ${direction} fee of that machine first, or the super fee to at most ${max}.`
        : `Lower the operator ${direction} fee to at most ${max}.`)
    const cases = [
      {
        args: ['cash_in', 1000, 1000] as const,
        id: 'fees.cap.operator',
        en: before('cash_in', '0.1000', '0.1000', '0.2000', '0.0500', undefined, false),
      },
      {
        args: ['cash_out', 200, 1400, 'Lobby'] as const,
        id: 'fees.cap.operator.machine',
        en: before('cash_out', '0.0200', '0.1400', '0.1600', '0.1300', 'Lobby', false),
      },
      {
        args: ['cash_out', 400, 1200, undefined, 'super_cash_out_fee_fraction'] as const,
        id: 'fees.cap.super',
        en: before('cash_out', '0.0400', '0.1200', '0.1600', '0.0300', undefined, true),
      },
      {
        args: ['cash_in', 400, 1600, 'Greedy', 'super_cash_in_fee_fraction'] as const,
        id: 'fees.cap.super.machine',
        en: before('cash_in', '0.0400', '0.1600', '0.2000', '0.0000', 'Greedy', true),
      },
    ]
    for (const { args, id, en } of cases) {
      let error: CommandError | undefined
      try {
        checkFeeCap(...(args as unknown as Parameters<typeof checkFeeCap>))
      } catch (e) {
        error = e as CommandError
      }
      expect(error).toBeInstanceOf(CommandError)
      expect({ code: error!.code, message: error!.message, id: error!.ref.message_id }).toEqual({
        code: 'fee_cap_exceeded',
        message: en,
        id,
      })
      expect(translate({ ...error!.ref }, 'en', '')).toBe(en)
      const es = translate({ ...error!.ref }, 'es', '')
      expect(es).not.toBe('')
      expect(es).not.toMatch(/\{\w+\}|cash_(in|out)/) // every parameter given, the direction in words
      expect(error!.issues).toMatchObject([{ path: args[4] ?? `operator_${args[0]}_fee_fraction`, message_id: 'field.fee_cap.above' }])
    }
    expect.assertions(cases.length * 6 + 1)
    try {
      checkFeeCap('cash_out', 200, 1400, 'Lobby')
    } catch (e) {
      expect(translate((e as CommandError).ref, 'es', '')).toBe(
        'La comisión de retiro de efectivo del cajero "Lobby" sería de 0.1600 (plataforma 0.0200 + operador 0.1400), por encima del tope de 0.1500. Baje la comisión de retiro de efectivo del operador a 0.1300 como máximo.',
      )
    }
  })
})

describe('real refusals say their English by id, and Spanish too', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  let world: FakeLightning
  beforeEach(() => {
    dir = tempDir()
    world = new FakeLightning()
    core = coreAt(dir.path, { payer: world.payer() })
  })
  afterEach(async () => {
    await core.close()
    dir.remove()
  })

  function sqlite<T>(fn: (db: BetterSqlite3.Database) => T): T {
    const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }

  const refusedBothWays = (name: string, args: unknown, code: string, id: string) => refusedInBoth(core, name, args, code, id)

  it('an unknown settlement', async () => {
    const error = await refusedBothWays('settlements.get', { settlement_id: 'nope' }, 'not_found', 'settlement.not_found')
    expect(error).toMatchObject({ message: 'No settlement with id nope.', params: { id: 'nope' } })
    expect(translate(error, 'es', '')).toBe('No hay ninguna liquidación con el id nope.')
  })

  it('a txid recorded twice', async () => {
    const { machine, settlement } = await fundedMachine(core)
    const error = await refusedBothWays(
      'settlements.record',
      { machine_id: machine.id, txid: settlement.txid, direction: 'cash_out', crypto_atoms: 1000, fiat_amount: 500 },
      'conflict',
      'settlement.txid.taken',
    )
    expect(error).toMatchObject({
      message: `Machine "${machine.name}" already has a settlement for txid ${settlement.txid} (${settlement.id}).`,
      issues: [{ path: 'txid', message: 'is already recorded for this machine', message_id: 'settlement.txid.taken.issue' }],
    })
  })

  it("a settlement's status picks the message", async () => {
    const { settlement } = await fundedMachine(core)
    const retry = await refusedBothWays(
      'settlements.retry',
      { settlement_id: settlement.id },
      'conflict',
      'settlement.retry.status.pending',
    )
    expect(retry.message).toBe('The settlement is pending; only an errored settlement is retried.')
    expect(translate(retry, 'es', '')).toBe('La liquidación está pendiente; solo se reintenta una liquidación con error.')
    const young = await refusedBothWays(
      'settlements.forceReset',
      { settlement_id: settlement.id, threshold_minutes: 30 },
      'conflict',
      'settlement.force_reset.young.pending',
    )
    expect(young.message).toMatch(
      /^The settlement has been pending for only \d+\.\d minutes \(threshold 30\); it may still be running\. Try again later\.$/,
    )
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const done = (await ok(core, 'settlements.get', { settlement_id: settlement.id })).status
    const process = await refusedBothWays(
      'settlements.process',
      { settlement_id: settlement.id },
      'conflict',
      `settlement.process.status.${done}`,
    )
    expect(process.message).toBe(`The settlement is ${done}, not pending. Use settlements.retry for an errored one.`)
    const partial = await refusedBothWays(
      'settlements.partialDispense',
      { settlement_id: settlement.id, dispensed_sats: 10 },
      'conflict',
      `settlement.partial.status.${done}`,
    )
    expect(partial.message).toBe(`The settlement is ${done}; a partial dispense applies to a pending or errored settlement.`)
  })

  it('a partial dispense out of range', async () => {
    const { settlement } = await fundedMachine(core)
    const error = await refusedBothWays(
      'settlements.partialDispense',
      { settlement_id: settlement.id, dispensed_sats: settlement.crypto_atoms + 1 },
      'invalid_args',
      'settlement.dispensed.range',
    )
    expect(error).toMatchObject({
      message: `The dispensed sats must be more than 0 and at most ${settlement.crypto_atoms}; got ${settlement.crypto_atoms + 1}. For nothing dispensed, void the settlement (settlements.void) with the reason.`,
      issues: [
        {
          path: 'dispensed_sats',
          message: `must give between 1 and ${settlement.crypto_atoms} sats`,
          message_id: 'settlement.dispensed.range.issue',
        },
      ],
    })
  })

  it('paused processing says who paused it, when and why, as it did', async () => {
    const { settlement } = await fundedMachine(core)
    // as it did, but for the time alone, which now opens its bracket too: "(at …)"
    const before = (sw: { changed_by: string | null; changed_at: string | null; reason: string | null }) =>
      `Processing is paused${sw.changed_by ? ` (by ${sw.changed_by}` : sw.changed_at ? ' (' : ''}${sw.changed_at ? `${sw.changed_by ? ' ' : ''}at ${sw.changed_at})` : sw.changed_by ? ')' : ''}${sw.reason ? `: ${sw.reason}` : ''}. Resume it first (processing.resume).`
    for (const changed_by of ['ana', null])
      for (const changed_at of ['2026-11-22T10:00:00.000Z', null])
        for (const reason of ['counting the cassettes', null]) {
          const sw = { paused: true, changed_by, changed_at, reason }
          sqlite((db) =>
            db
              .prepare(
                'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
              )
              .run(SWITCH_SETTING, JSON.stringify(sw), 'x'),
          )
          const r = await core.call('settlements.process', { settlement_id: settlement.id }, ctx)
          expect(r).toMatchObject({
            ok: false,
            error: { code: 'conflict', message: before(sw), message_id: expect.stringMatching(/^processing\.paused/) },
          })
          if (!r.ok)
            expect(translate(r.error, 'es', '')).toMatch(
              /^El procesamiento está en pausa[^{}]*\. Reanúdelo primero \(processing\.resume\)\.$/,
            )
        }
  })

  it('an unknown wallet to reconcile or sync', async () => {
    const reconcile = await refusedBothWays('reconcile.run', { wallet_id: 'nope' }, 'not_found', 'reconcile.wallet.not_found')
    expect(reconcile).toMatchObject({
      message: 'No wallet binding nope.',
      issues: [{ path: 'wallet_id', message: 'is not a bound wallet', message_id: 'reconcile.wallet.not_found.issue' }],
    })
    const sync = await refusedBothWays('sync.run', { wallet_id: 'nope' }, 'not_found', 'sync.wallet.not_found')
    expect(sync).toMatchObject({
      message: 'No machine wallet with id nope.',
      issues: [{ path: 'wallet_id', message: 'is not a bound machine wallet', message_id: 'sync.wallet.not_found.issue' }],
    })
  })

  it('the platform fee outside platform mode', async () => {
    const error = await refusedBothWays('superConfig.update', { super_cash_out_fee_fraction: '0.01' }, 'forbidden', 'fees.platform_only')
    expect(error.message).toBe(
      "Only the platform sets the platform fee. This app is not signing with the platform's key, so the fee comes from the platform's signed config and is read-only here.",
    )
  })

  it('an operator fee above the cap', async () => {
    sqlite((db) => db.prepare('UPDATE super_config SET super_cash_in_fee_parts = ?').run(200))
    const error = await refusedBothWays(
      'machines.create',
      machineArgs({ name: 'Greedy', operator_cash_in_fee_fraction: '0.1400' }),
      'fee_cap_exceeded',
      'fees.cap.operator',
    )
    expect(error.message).toBe(
      'The cash_in fee would be 0.1600 (super 0.0200 + operator 0.1400), above the cap of 0.1500. Lower the operator cash_in fee to at most 0.1300.',
    )
    expect(error.issues).toMatchObject([{ path: 'operator_cash_in_fee_fraction', message_id: 'field.fee_cap.above' }])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { fakePaidLedger, fundedMachine, ok } from '../support/ledger-fixture'
import type { Health } from '../../src-shared/domain/health'
import type { MessageRef } from '../../src-shared/messages/define'
import { translate } from '../../src-shared/messages'

// Each health check carries its title, detail and action by message id (docs/i18n.md): the
// English formatted from the catalog is the text the core said, and Spanish says it too.
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

const seen = new Set<string>()

function saysBoth(health: Health): void {
  for (const c of health.checks) {
    expect({ id: c.id, refs: c.refs !== undefined }).toEqual({ id: c.id, refs: true })
    const refs = c.refs!
    const parts: [string, MessageRef | null, string][] = [
      ['title', refs.title, c.title],
      ['detail', refs.detail, c.detail],
      ['action', refs.action, c.action],
    ]
    for (const [part, ref, text] of parts) {
      if (ref === null) {
        expect({ id: c.id, part, text }).toEqual({ id: c.id, part, text: '' })
        continue
      }
      seen.add(ref.message_id)
      expect({ id: c.id, part, en: translate(ref, 'en', '') }).toEqual({ id: c.id, part, en: text })
      const es = translate(ref, 'es', '')
      expect({ id: c.id, part, es: es.trim().length > 0 }).toEqual({ id: c.id, part, es: true })
      if (part === 'title') expect({ id: c.id, es }).not.toEqual({ id: c.id, es: text })
    }
  }
}

describe('health checks in both languages', () => {
  it('a new install, a funded machine with trouble, a cut audit log, a backup: every check says its English by id, and Spanish too', async () => {
    const l = fakePaidLedger(cleanup)
    const core = l.open()
    saysBoth(await ok(core, 'health.get', {}))

    const { lps, machine } = await fundedMachine(core)
    await ok(core, 'processing.pause', { reason: 'counting cash' })
    saysBoth(await ok(core, 'health.get', {}))
    await ok(core, 'processing.resume', {})

    await ok(core, 'deposits.create', { client_id: lps[0]!.id, machine_id: machine.id, amount: 5_000 })
    l.world.fault = (step, leg) => (step === 'pay-before' && leg.leg_type === 'dca' ? 'fail' : 'ok')
    await ok(core, 'settlements.process', {})
    saysBoth(await ok(core, 'health.get', {}))
    l.clock.advanceMinutes(49 * 60)
    saysBoth(await ok(core, 'health.get', {}))

    const raw = new BetterSqlite3(core.ledgerPath)
    raw.exec("UPDATE clients SET destination_check_error = 'unreachable'")
    raw.exec('DROP TRIGGER IF EXISTS audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)')
    raw.close()
    saysBoth(await ok(core, 'health.get', {}))

    await ok(core, 'backup.create', {})
    saysBoth(await ok(core, 'health.get', {}))
    saysBoth((await ok(core, 'today.get', {})).health)

    // the ledgers above reached these cases, among others
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'health.processing.paused.detail.reason',
        'health.machine.unbound.title',
        'health.signer.none.title',
        'health.relays.none.title',
        'health.settlements.waiting.detail.one.other',
        'health.deposits.pending.detail.one',
        'health.destinations.failed.title',
        'health.audit.cut.title',
        'health.backup.never.title',
        'health.backup.ok.title',
        'health.reconcile.never.title',
      ]),
    )
  })
})

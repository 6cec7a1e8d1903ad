import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import type { Core } from '../../src-main/core/core'
import { SETTING } from '../../src-main/core/settings/store'
import { machineArgs } from '../support/core'
import { FakeLightning } from '../support/fake-lightning'
import { coreAt, ctx, fundedMachine, markVerified, ok, testClock } from '../support/ledger-fixture'
import { newPubkey } from '../support/keys'
import { tempDir } from '../support/tmp'

let dir: ReturnType<typeof tempDir>
let core: Core
let clock: ReturnType<typeof testClock>
let world: FakeLightning
beforeEach(() => {
  dir = tempDir()
  clock = testClock()
  world = new FakeLightning()
  core = coreAt(dir.path, { clock: clock.now, payer: world.payer() })
})
afterEach(async () => {
  await core.close()
  dir.remove()
})

/** Direct SQL on the ledger file, for setting up what no command sets yet and for counting rows. */
function sqlite<T>(fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'))
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const TABLES = [
  'machines',
  'clients',
  'deposits',
  'split_rulesets',
  'split_legs',
  'super_config',
  'settlements',
  'settlement_notes',
  'legs',
  'audit_log',
  'settings',
]
function snapshot(): string {
  return sqlite((db) => TABLES.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all())).join('\n'))
}

/** Calls a command that must be refused with `code`, and checks that it wrote nothing at all. */
async function refused(name: string, args: unknown, code: string, text?: string): Promise<void> {
  const before = snapshot()
  const r = await core.call(name, args, ctx)
  expect(r, `${name} should be refused`).toMatchObject({ ok: false, error: { code } })
  if (text && !r.ok) expect(r.error.message).toContain(text)
  expect(snapshot()).toEqual(before)
}

function setSuperFees(cashIn: number, cashOut: number) {
  sqlite((db) => db.prepare('UPDATE super_config SET super_cash_in_fee_parts = ?, super_cash_out_fee_parts = ?').run(cashIn, cashOut))
}

function platformMode() {
  const key = JSON.stringify(newPubkey().hex)
  sqlite((db) =>
    db
      .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?), (?, ?, ?)')
      .run(SETTING.platformPubkey, key, 'x', SETTING.operatorPubkey, key, 'x'),
  )
}

describe('machines.update and deactivate', () => {
  it('changes only what is given', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const u = await ok(core, 'machines.update', { id: m.id, name: 'Renamed', operator_cash_in_fee_fraction: '0.01' })
    expect(u).toMatchObject({
      name: 'Renamed',
      location: m.location,
      operator_cash_in_fee_fraction: '0.0100',
      operator_cash_out_fee_fraction: m.operator_cash_out_fee_fraction,
    })
  })

  it('checks the cap against the machine as it would be after the edit', async () => {
    setSuperFees(200, 500)
    const m = await ok(
      core,
      'machines.create',
      machineArgs({ operator_cash_in_fee_fraction: '0.10', operator_cash_out_fee_fraction: '0.10' }),
    )
    await refused(
      'machines.update',
      { id: m.id, operator_cash_out_fee_fraction: '0.1001' },
      'fee_cap_exceeded',
      'cash_out fee on machine "Lobby ATM" would be 0.1501 (super 0.0500 + operator 0.1001)',
    )
    await refused('machines.update', { id: m.id, operator_cash_in_fee_fraction: '0.1400' }, 'fee_cap_exceeded', 'cash_in fee')
    await ok(core, 'machines.update', { id: m.id, operator_cash_in_fee_fraction: '0.13' })
  })

  it('guards the key and, once there is history, the currency', async () => {
    const a = await ok(core, 'machines.create', machineArgs())
    const b = await ok(core, 'machines.create', machineArgs())
    await refused('machines.update', { id: b.id, machine_npub: a.machine_npub }, 'conflict', 'already uses this public key')
    await ok(core, 'machines.update', { id: a.id, machine_npub: a.machine_npub }) // its own key is fine
    await ok(core, 'machines.update', { id: a.id, fiat_code: 'USD' }) // no history yet
    const { machine } = await fundedMachine(core)
    await refused('machines.update', { id: machine.id, fiat_code: 'USD' }, 'conflict', 'cannot change')
  })

  it('deactivates (never deletes) and lists can leave inactive machines out', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    expect((await ok(core, 'machines.deactivate', { id: m.id })).is_active).toBe(false)
    expect((await ok(core, 'machines.list', { include_inactive: false })).items).toEqual([])
    expect((await ok(core, 'machines.list', {})).items).toHaveLength(1)
  })
})

describe('LPs', () => {
  it('accepts the three destination forms and never returns an LNbits key in full', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const forms = [
      'Ana@Example.com',
      'lnurl1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hxqurzepexejxxepnxscrvwfnv9nxzcn9xq6xyefhvgcxxcmyxymnserxfq5fns',
      'lnurlp://pay.example.com/ana',
      '0123456789abcdef0123456789ABCDEF',
    ]
    const made = []
    for (const payout_destination of forms) made.push(await ok(core, 'clients.create', { machine_id: m.id, name: 'X', payout_destination }))
    expect(made.map((c) => [c.destination_kind, c.onboarded, c.destination_check])).toEqual([
      // onboarded (well-formed), and not yet checked live: checked whenever the app can
      ['lightning_address', true, 'unchecked'],
      ['lnurl', true, 'unchecked'],
      ['lnurl', true, 'unchecked'],
      ['lnbits_invoice_key', true, 'unchecked'],
    ])
    expect(made[0]!.payout_destination).toBe('ana@example.com')
    // an opaque LNURL is shown with the host it leads to
    expect(made[1]!.payout_destination).toBe('LNURL at service.com (lnurl1dp68gu…fq5fns)')
    expect(made[3]!.payout_destination).toBe('LNbits key 0123…cdef')
    // the key is stored sealed, not in the clear
    const raw = sqlite((db) => JSON.stringify(db.prepare('SELECT * FROM clients').all()))
    expect(raw.toLowerCase()).not.toContain('0123456789abcdef0123456789abcdef')
    expect(JSON.stringify(await ok(core, 'clients.list', {}))).not.toContain('0123456789abcdef0123456789abcdef')
  })

  it('refuses bad destinations and unknown machines', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    for (const bad of ['not an address', 'lnurl1notbech32', '@example.com', 'ana@', 'lnbc10n1p...']) {
      await refused('clients.create', { machine_id: m.id, name: 'X', payout_destination: bad }, 'invalid_args')
    }
    await refused('clients.create', { machine_id: 'nope', name: 'X' }, 'not_found')
  })

  it('an LP with history is kept; one without can be deleted', async () => {
    const { lps, machine } = await fundedMachine(core)
    await refused('clients.delete', { id: lps[1]!.id }, 'conflict', 'Set its status to inactive')
    const fresh = await ok(core, 'clients.create', { machine_id: machine.id, name: 'New' })
    expect(await ok(core, 'clients.delete', { id: fresh.id })).toEqual({ deleted: fresh.id })
    await refused('clients.update', { id: lps[1]!.id, payout_destination: null }, 'conflict', 'remaining balance of 400.00 GTQ')
    expect((await ok(core, 'clients.update', { id: lps[1]!.id, status: 'inactive' })).status).toBe('inactive')
  })

  it('lists per machine', async () => {
    const a = await fundedMachine(core)
    await fundedMachine(core)
    const page = await ok(core, 'clients.list', { machine_id: a.machine.id })
    expect(page.items.map((c) => c.id)).toEqual(a.lps.map((c) => c.id))
  })
})

describe('deposits', () => {
  it('a confirmed deposit is reversed with its reason while the balance covers it; otherwise the refusal names the shortfall', async () => {
    const { machine, lps, settlement } = await fundedMachine(core)
    const [ana, beto] = lps
    const extra = await ok(core, 'deposits.create', { client_id: ana!.id, machine_id: machine.id, amount: 10_000 })
    await refused('deposits.reverse', { id: extra.id, reason: 'counted twice' }, 'conflict', 'only a confirmed deposit')
    await ok(core, 'deposits.setStatus', { id: extra.id, status: 'confirmed' })
    expect((await ok(core, 'clients.balance', { id: ana!.id })).remaining_fiat).toBe(70_000)
    const r = await ok(core, 'deposits.reverse', { id: extra.id, reason: 'counted twice' })
    expect(r).toMatchObject({
      status: 'reversed',
      reversal_reason: 'counted twice',
      confirmed_at: expect.any(String),
      reversed_at: expect.any(String),
    })
    expect((await ok(core, 'clients.balance', { id: ana!.id })).remaining_fiat).toBe(60_000)
    const [row] = (await ok(core, 'audit.list', { entity: 'deposit', entity_id: extra.id, limit: 1 })).items
    expect(row).toMatchObject({ command: 'deposits.reverse', after: { status: 'reversed', reversal_reason: 'counted twice' } })
    await refused('deposits.reverse', { id: extra.id, reason: 'again' }, 'conflict', 'is reversed')
    // Beto's 400.00 is partly DCA'd by the settlement: his deposit can no longer be reversed whole
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const left = (await ok(core, 'clients.balance', { id: beto!.id })).remaining_fiat
    expect(left).toBeLessThan(40_000)
    const [deposit] = (await ok(core, 'deposits.list', { client_id: beto!.id, limit: 5 })).items
    await refused('deposits.reverse', { id: deposit!.id, reason: 'over-counted' }, 'conflict', 'short of this deposit')
  })

  it('an inactive LP takes no new deposit, and what they have left keeps receiving DCA', async () => {
    const { machine, lps, settlement } = await fundedMachine(core)
    const [ana] = lps
    await ok(core, 'clients.update', { id: ana!.id, status: 'inactive' })
    await refused('deposits.create', { client_id: ana!.id, machine_id: machine.id, amount: 100 }, 'conflict', 'is inactive')
    const preview = await ok(core, 'settlements.preview', { settlement_id: settlement.id })
    expect(preview.legs.filter((l) => l.leg_type === 'dca').map((l) => l.target_label)).toEqual(['Ana', 'Beto'])
    // active again: deposits are taken
    await ok(core, 'clients.update', { id: ana!.id, status: 'active' })
    await ok(core, 'deposits.create', { client_id: ana!.id, machine_id: machine.id, amount: 100 })
  })

  it('refuses an LP who is not onboarded, and a client/machine mismatch; onboarded is a well-formed destination, checked or not', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const other = await ok(core, 'machines.create', machineArgs())
    const zoe = await ok(core, 'clients.create', { machine_id: m.id, name: 'Zoe' })
    await refused('deposits.create', { client_id: zoe.id, machine_id: m.id, amount: 100 }, 'conflict', 'not onboarded')
    // a dispatcher offline takes Ana's cash: her destination is well-formed, not yet checked
    const ana = await ok(core, 'clients.create', { machine_id: m.id, name: 'Ana', payout_destination: 'ana@example.com' })
    expect(ana).toMatchObject({ onboarded: true, destination_check: 'unchecked', destination_verified_at: null })
    await ok(core, 'deposits.create', { client_id: ana.id, machine_id: m.id, amount: 100 })
    markVerified(core, ana.id)
    expect(await ok(core, 'clients.get', { id: ana.id })).toMatchObject({ onboarded: true, destination_check: 'verified' })
    // a new destination is unchecked again
    expect(await ok(core, 'clients.update', { id: ana.id, payout_destination: 'ana@other.example' })).toMatchObject({
      onboarded: true,
      destination_check: 'unchecked',
      destination_verified_at: null,
    })
    markVerified(core, ana.id)
    await refused('deposits.create', { client_id: ana.id, machine_id: other.id, amount: 100 }, 'invalid_args', 'belongs to another machine')
    await refused('deposits.create', { client_id: ana.id, machine_id: m.id, amount: 0 }, 'invalid_args')
    await refused('deposits.create', { client_id: ana.id, machine_id: m.id, amount: 10.5 }, 'invalid_args')
    await refused('deposits.create', { client_id: ana.id, machine_id: m.id, amount: 100, currency: 'USD' }, 'invalid_args', 'currency')
  })

  it("takes the machine's currency, edits only while pending, confirms once", async () => {
    const m = await ok(core, 'machines.create', machineArgs({ fiat_code: 'JPY' }))
    const ana = await ok(core, 'clients.create', { machine_id: m.id, name: 'Ana', payout_destination: 'ana@example.com' })
    markVerified(core, ana.id)
    const d = await ok(core, 'deposits.create', { client_id: ana.id, machine_id: m.id, amount: 5000, note: 'cash in hand' })
    expect(d).toMatchObject({ currency: 'JPY', status: 'pending', amount: 5000 })
    expect(await ok(core, 'deposits.update', { id: d.id, amount: 6000 })).toMatchObject({ amount: 6000, note: 'cash in hand' })
    expect(await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })).toMatchObject({
      status: 'confirmed',
      confirmed_at: expect.any(String),
    })
    await refused('deposits.update', { id: d.id, amount: 1 }, 'conflict', 'only a pending deposit')
    await refused('deposits.delete', { id: d.id }, 'conflict')
    await refused('deposits.setStatus', { id: d.id, status: 'cancelled' }, 'conflict')
    const balance = await ok(core, 'clients.balance', { id: ana.id })
    expect(balance).toMatchObject({ confirmed_deposits: 6000, remaining_fiat: 6000, fiat_code: 'JPY' })
    const d2 = await ok(core, 'deposits.create', { client_id: ana.id, machine_id: m.id, amount: 1 })
    expect(await ok(core, 'deposits.delete', { id: d2.id })).toEqual({ deleted: d2.id })
    expect((await ok(core, 'deposits.list', { client_id: ana.id })).items.map((x) => x.id)).toEqual([d.id])
  })
})

describe('commission splits', () => {
  it('replace is atomic and must sum to exactly 1.0000', async () => {
    const { machine, lps } = await fundedMachine(core)
    const before = await ok(core, 'splits.get', { machine_id: machine.id })
    await refused(
      'splits.replace',
      {
        machine_id: machine.id,
        legs: [
          { destination: 'a@b.co', label: 'A', fraction: '0.5' },
          { destination: 'c@d.co', label: 'C', fraction: '0.4999' },
        ],
      },
      'invalid_args',
      'sum to 0.9999',
    )
    await refused(
      'splits.replace',
      {
        machine_id: machine.id,
        legs: [
          { client_id: lps[0]!.id, fraction: '0.5' },
          { client_id: lps[0]!.id, fraction: '0.5' },
        ],
      },
      'invalid_args',
      'same LP twice',
    )
    const other = await fundedMachine(core)
    await refused(
      'splits.replace',
      { machine_id: machine.id, legs: [{ client_id: other.lps[0]!.id, fraction: '1' }] },
      'invalid_args',
      "not one of this machine's",
    )
    await refused('splits.replace', { legs: [{ client_id: lps[0]!.id, fraction: '1' }] }, 'invalid_args', 'default ruleset')
    await refused('splits.replace', { machine_id: machine.id, legs: [{ destination: 'a@b.co', fraction: '1' }] }, 'invalid_args')
    expect(await ok(core, 'splits.get', { machine_id: machine.id })).toEqual(before)
  })

  it('an edit keeps a saved destination it can only show by its ends, without retyping it', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const key = 'a'.repeat(32) // an LNbits invoice key: shown as its ends only, sealed at rest
    const first = await ok(core, 'splits.replace', {
      machine_id: m.id,
      legs: [
        { destination: key, label: 'Partner wallet', fraction: '0.7' },
        { destination: 'ops@example.com', label: 'Ops', fraction: '0.3' },
      ],
    })
    expect(first.legs[0]!.destination).not.toContain(key)
    const sealed = () => {
      const db = new BetterSqlite3(join(dir.path, 'ledger.sqlite'), { readonly: true })
      try {
        return db.prepare("SELECT destination_enc FROM split_legs WHERE label != 'Ops' ORDER BY position").all() as {
          destination_enc: Buffer
        }[]
      } finally {
        db.close()
      }
    }
    const before = sealed()
    const shown = first.legs[0]!.destination!
    // a saved leg that is not there, or no longer shows what the editor saw (replaced meanwhile), is refused
    await refused(
      'splits.replace',
      { machine_id: m.id, legs: [{ saved: 5, shown, fraction: '1' }] },
      'conflict',
      'Leg 1 keeps the destination of saved leg 6',
    )
    await refused('splits.replace', { machine_id: m.id, legs: [{ saved: 1, shown, fraction: '1' }] }, 'conflict', 'changed meanwhile')
    // and one saved destination is kept by one leg only
    await refused(
      'splits.replace',
      {
        machine_id: m.id,
        legs: [
          { saved: 0, shown, fraction: '0.5' },
          { saved: 0, shown, fraction: '0.5' },
        ],
      },
      'invalid_args',
      'which another leg keeps already',
    )
    // nothing of those refusals was written
    expect(await ok(core, 'splits.get', { machine_id: m.id })).toEqual(first)
    expect(sealed()).toEqual(before)
    const edited = await ok(core, 'splits.replace', {
      machine_id: m.id,
      legs: [
        { destination: 'new@example.com', label: 'New', fraction: '0.2' },
        { saved: 0, shown, label: 'Partner', fraction: '0.8' },
      ],
    })
    expect(edited.legs.map((l) => [l.label, l.destination, l.fraction])).toEqual([
      ['New', 'new@example.com', '0.2000'],
      ['Partner', first.legs[0]!.destination, '0.8000'],
    ])
    expect(sealed().at(-1)!.destination_enc.equals(before[0]!.destination_enc)).toBe(true)
  })

  it('the effective ruleset is the override, else the default, else none', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    expect((await ok(core, 'splits.get', { machine_id: m.id, effective: true })).scope).toBe('none')
    await ok(core, 'splits.replace', { legs: [{ destination: 'ops@example.com', label: 'Ops', fraction: '1' }] })
    expect(await ok(core, 'splits.get', { machine_id: m.id, effective: true })).toMatchObject({
      scope: 'default',
      legs: [{ label: 'Ops', fraction: '1.0000' }],
    })
    await ok(core, 'splits.replace', {
      machine_id: m.id,
      legs: [
        { destination: 'a@example.com', label: 'A', fraction: '0.3333' },
        { destination: 'b@example.com', label: 'B', fraction: '0.6667' },
      ],
    })
    expect((await ok(core, 'splits.get', { machine_id: m.id, effective: true })).scope).toBe('override')
    await ok(core, 'splits.clear', { machine_id: m.id })
    expect((await ok(core, 'splits.get', { machine_id: m.id, effective: true })).scope).toBe('default')
  })
})

describe('super config', () => {
  it('is read-only outside platform mode', async () => {
    expect(await ok(core, 'superConfig.get', {})).toMatchObject({ super_cash_in_fee_fraction: '0.0000', platform_mode: false })
    await refused('superConfig.update', { super_cash_out_fee_fraction: '0.01' }, 'forbidden', 'Only the platform')
  })

  it('in platform mode, a change is checked against every active machine', async () => {
    platformMode()
    await ok(core, 'machines.create', machineArgs({ name: 'Quiet', operator_cash_out_fee_fraction: '0.02' }))
    await ok(core, 'machines.create', machineArgs({ name: 'Greedy', operator_cash_out_fee_fraction: '0.12' }))
    await refused('superConfig.update', { super_cash_out_fee_fraction: '0.04' }, 'fee_cap_exceeded', 'machine "Greedy" would be 0.1600')
    const sc = await ok(core, 'superConfig.update', { super_cash_out_fee_fraction: '0.03', fee_destination: 'platform@example.com' })
    expect(sc).toMatchObject({ super_cash_out_fee_fraction: '0.0300', fee_destination: 'platform@example.com', platform_mode: true })
  })
})

describe('settlements', () => {
  it('record stores the fractions in force; later fee changes do not re-price it', async () => {
    setSuperFees(100, 200)
    const { settlement, machine } = await fundedMachine(core)
    expect(settlement).toMatchObject({
      super_fee_fraction: '0.0200',
      operator_fee_fraction: '0.0500',
      status: 'pending',
      fiat_code: 'GTQ',
      source: 'manual',
      discount: '0.00',
    })
    await ok(core, 'machines.update', { id: machine.id, operator_cash_out_fee_fraction: '0.01' })
    expect((await ok(core, 'settlements.get', { settlement_id: settlement.id })).operator_fee_fraction).toBe('0.0500')
  })

  it('refuses a duplicate txid per machine, a reused payment hash, and nonsense', async () => {
    const { settlement, machine } = await fundedMachine(core)
    const base = { machine_id: machine.id, direction: 'cash_out' as const, crypto_atoms: 1000, fiat_amount: 100 }
    await refused('settlements.record', { ...base, txid: settlement.txid }, 'conflict', 'already has a settlement for txid')
    const hash = 'ab'.repeat(32)
    await ok(core, 'settlements.record', { ...base, txid: 'h1', payment_hash: hash })
    await refused('settlements.record', { ...base, txid: 'h2', payment_hash: hash }, 'conflict')
    await refused('settlements.record', { ...base, txid: 'x', crypto_atoms: 0 }, 'invalid_args')
    await refused('settlements.record', { ...base, txid: 'x', direction: 'sideways' }, 'invalid_args')
    await refused('settlements.record', { ...base, txid: 'x', discount: '100.5' }, 'invalid_args')
    await refused('settlements.record', { ...base, txid: 'x', machine_id: 'none' }, 'not_found')
  })

  it('preview returns the legs, summing to crypto_atoms, and writes nothing', async () => {
    const { settlement } = await fundedMachine(core)
    const before = snapshot()
    const p = await ok(core, 'settlements.preview', { settlement_id: settlement.id })
    expect(snapshot()).toEqual(before)
    expect(p.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(266_800)
    expect(p.total_sats).toBe(266_800)
    expect(p.base_sats + p.commission_sats).toBe(266_800)
  })

  it('notes are appended with a UTC time and the author', async () => {
    const { settlement } = await fundedMachine(core)
    await ok(core, 'settlements.addNote', { settlement_id: settlement.id, note: 'jam in bay 2' })
    const d = await ok(core, 'settlements.addNote', { settlement_id: settlement.id, note: 'refunded 200 GTQ in cash' })
    expect(d.notes.map((n) => [n.author, n.note])).toEqual([
      ['test', 'jam in bay 2'],
      ['test', 'refunded 200 GTQ in cash'],
    ])
    expect(d.notes[0]!.created_at).toMatch(/Z$/)
    await refused('settlements.addNote', { settlement_id: settlement.id, note: '   ' }, 'invalid_args')
  })

  it('the stuck worklist and force-reset honour the threshold', async () => {
    const { settlement } = await fundedMachine(core)
    await refused('settlements.stuck', { threshold_minutes: 0 }, 'invalid_args')
    expect((await ok(core, 'settlements.stuck', {})).stuck_pending).toEqual([])
    await refused('settlements.forceReset', { settlement_id: settlement.id }, 'conflict', 'may still be running')
    clock.advanceMinutes(45)
    expect((await ok(core, 'settlements.stuck', { threshold_minutes: 30 })).stuck_pending.map((s) => s.id)).toEqual([settlement.id])
    expect((await ok(core, 'settlements.forceReset', { settlement_id: settlement.id })).status).toBe('errored')
    expect((await ok(core, 'settlements.stuck', {})).errored.map((s) => s.id)).toEqual([settlement.id])
    await refused('settlements.forceReset', { settlement_id: settlement.id }, 'conflict')
  })

  it('a partial dispense re-plans from what came out and holds the rest for the refund', async () => {
    const { settlement } = await fundedMachine(core)
    await refused('settlements.partialDispense', { settlement_id: settlement.id }, 'invalid_args', 'exactly one')
    await refused(
      'settlements.partialDispense',
      { settlement_id: settlement.id, dispensed_sats: 1, dispensed_fraction: '0.5' },
      'invalid_args',
      'exactly one',
    )
    await refused(
      'settlements.partialDispense',
      { settlement_id: settlement.id, dispensed_sats: 300_000 },
      'invalid_args',
      'at most 266800',
    )
    const d = await ok(core, 'settlements.partialDispense', { settlement_id: settlement.id, dispensed_fraction: '0.5', note: 'jam' })
    expect(d).toMatchObject({
      dispensed_sats: 133_400,
      dispensed_fiat: 75_000,
      held_sats: 133_400,
      status: 'pending',
      notes: [{ note: 'jam' }],
    })
    const p = await ok(core, 'settlements.preview', { settlement_id: settlement.id })
    expect(p.total_sats).toBe(133_400)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const done = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(done.status).toBe('completed')
    expect(done.legs.reduce((a, l) => a + l.amount_sats, 0)).toBe(133_400)
    expect(done.legs.filter((l) => l.leg_type === 'dca').reduce((a, l) => a + (l.amount_fiat ?? 0), 0)).toBeLessThanOrEqual(75_000)
    // once money moved, it cannot be re-planned (said before any check of the amount)
    await refused('settlements.partialDispense', { settlement_id: settlement.id, dispensed_sats: 1000 }, 'conflict')
    await refused('settlements.partialDispense', { settlement_id: settlement.id, dispensed_sats: 999_999 }, 'conflict', 'is completed')
    // the form of the request is checked first: both amounts given is refused as such, whatever the settlement
    await refused(
      'settlements.partialDispense',
      { settlement_id: settlement.id, dispensed_sats: 1, dispensed_fraction: '0.5' },
      'invalid_args',
      'exactly one',
    )
  })

  it('previews tell the truth: earlier pending settlements of the machine take their LP shares first, as processing will', async () => {
    const { machine, settlement: first } = await fundedMachine(core, { crypto_atoms: 100_000, fiat_amount: 60_000 })
    const record = (txid: string) =>
      ok(core, 'settlements.record', { machine_id: machine.id, txid, direction: 'cash_out', crypto_atoms: 100_000, fiat_amount: 60_000 })
    const second = await record('preview-2')
    const third = await record('preview-3')
    const lpFiat = (legs: { leg_type: string; amount_fiat: number | null }[]) =>
      legs.filter((l) => l.leg_type === 'dca').reduce((a, l) => a + (l.amount_fiat ?? 0), 0)
    const previews = await Promise.all([first, second, third].map((s) => ok(core, 'settlements.preview', { settlement_id: s.id })))
    // 1,000.00 of LP money exists: 600.00 goes to the first, the 400.00 left to the second, none to the third
    expect(previews.map((p) => lpFiat(p.legs))).toEqual([60_000, 40_000, 0])
    // and that is what processing does, leg for leg
    await ok(core, 'settlements.process', {})
    for (const [i, s] of [first, second, third].entries()) {
      const done = await ok(core, 'settlements.get', { settlement_id: s.id })
      expect(done.legs.filter((l) => l.status !== 'voided').map((l) => [l.leg_type, l.client_id, l.amount_sats, l.amount_fiat])).toEqual(
        previews[i]!.legs.map((l) => [l.leg_type, l.client_id, l.amount_sats, l.amount_fiat]),
      )
    }
  })

  it('a settlement that paid nothing can be voided with its reason: never processed, LP balances as if it never happened', async () => {
    const { settlement, lps } = await fundedMachine(core)
    const before = await ok(core, 'clients.balance', { id: lps[0]!.id })
    await refused('settlements.void', { settlement_id: settlement.id, reason: '  ' }, 'invalid_args')
    const v = await ok(core, 'settlements.void', { settlement_id: settlement.id, reason: 'nothing dispensed: the ATM jammed' })
    expect(v).toMatchObject({ status: 'voided', void_reason: 'nothing dispensed: the ATM jammed' })
    const detail = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(detail.notes.map((n) => n.note)).toEqual(['Voided: nothing dispensed: the ATM jammed'])
    expect(await ok(core, 'clients.balance', { id: lps[0]!.id })).toEqual(before)
    expect((await ok(core, 'settlements.process', {})).processed).toEqual([])
    await refused('settlements.process', { settlement_id: settlement.id }, 'conflict', 'is voided')
    await refused('settlements.retry', { settlement_id: settlement.id }, 'conflict', 'is voided')
    await refused('settlements.partialDispense', { settlement_id: settlement.id, dispensed_sats: 1 }, 'conflict', 'is voided')
    await refused('settlements.void', { settlement_id: settlement.id, reason: 'again' }, 'conflict', 'is voided')
    // the sale stays settled: the same txid is not recorded again
    await refused(
      'settlements.record',
      { machine_id: settlement.machine_id, txid: settlement.txid, direction: 'cash_out', crypto_atoms: 1000, fiat_amount: 100 },
      'conflict',
    )
  })

  it('a settlement with money paid or in flight cannot be voided', async () => {
    const { settlement } = await fundedMachine(core)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    await refused('settlements.void', { settlement_id: settlement.id, reason: 'refunded' }, 'conflict', 'is completed')
  })

  it('a partial dispense after a failed attempt voids the old plan, and no leg is paid twice', async () => {
    const { settlement } = await fundedMachine(core)
    world.fault = (step) => (step === 'invoice-before' ? 'fail' : 'ok')
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    world.fault = () => 'ok'
    const d = await ok(core, 'settlements.partialDispense', { settlement_id: settlement.id, dispensed_sats: 200_000 })
    expect(d.legs.every((l) => l.status === 'voided')).toBe(true)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const done = await ok(core, 'settlements.get', { settlement_id: settlement.id })
    expect(done.status).toBe('completed')
    expect(done.legs.filter((l) => l.status !== 'voided').reduce((a, l) => a + l.amount_sats, 0)).toBe(200_000)
    expect([...world.paidByLeg().values()].every((p) => p.count === 1)).toBe(true)
  })
})

describe('balances over many settlements', () => {
  it('no LP balance goes below zero, and every plan adds up', async () => {
    const { machine, lps } = await fundedMachine(core)
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    for (let i = 0; i < 25; i++) {
      const s = await ok(core, 'settlements.record', {
        machine_id: machine.id,
        txid: `r${i}`,
        direction: i % 5 === 4 ? 'cash_in' : 'cash_out',
        crypto_atoms: 1 + rand(500_000),
        fiat_amount: rand(30_000),
        discount: rand(3) * 5,
      })
      await ok(core, 'settlements.process', { settlement_id: s.id })
      const d = await ok(core, 'settlements.get', { settlement_id: s.id })
      expect(d.status).toBe('completed')
      const sum = d.legs.reduce((a, l) => a + l.amount_sats, 0)
      expect(sum).toBe(d.direction === 'cash_out' ? d.crypto_atoms : d.commission_sats)
    }
    for (const lp of lps) {
      const b = await ok(core, 'clients.balance', { id: lp.id })
      expect(b.remaining_fiat).toBeGreaterThanOrEqual(0)
      expect(b.confirmed_deposits - b.dca_received_fiat).toBe(b.remaining_fiat)
    }
    const anaBalance = await ok(core, 'clients.balance', { id: lps[0]!.id })
    expect(anaBalance.remaining_fiat).toBe(0) // 25 sales drained both LPs
    expect(anaBalance.avg_cost_per_btc).toBeGreaterThan(0)
  })
})

describe('payments and audit', () => {
  it('lists legs by type, and the audit log is complete and intact', async () => {
    const { settlement } = await fundedMachine(core)
    await ok(core, 'settlements.process', { settlement_id: settlement.id })
    const dca = await ok(core, 'payments.list', { leg_type: 'dca' })
    expect(dca.items.map((l) => l.leg_type)).toEqual(['dca', 'dca'])
    await refused('payments.list', { leg_type: 'bribe' }, 'invalid_args')
    expect(await ok(core, 'audit.verify', {})).toEqual({
      rows: expect.any(Number),
      intact: true,
      broken_at: null,
      cut_short: null,
      relay_head: null,
      relay_errors: [],
      other_ledgers: [],
      not_checked: [],
    })
    const audit = await ok(core, 'audit.list', { limit: 500 })
    const commands = audit.items.map((r) => r.command)
    for (const c of [
      'machines.create',
      'clients.create',
      'deposits.create',
      'deposits.setStatus',
      'splits.replace',
      'settlements.record',
      'settlements.process',
    ])
      expect(commands).toContain(c)
  })
})

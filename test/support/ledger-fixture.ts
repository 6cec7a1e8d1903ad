import BetterSqlite3 from 'better-sqlite3'
import { openCore, type Core, type CoreOptions } from '../../src-main/core/core'
import type { ArgsOf, CommandName, ResultOf } from '../../src-shared/contract/commands'
import type { Machine } from '../../src-shared/domain/machine'
import type { Client } from '../../src-shared/domain/client'
import type { Settlement } from '../../src-shared/domain/settlement'
import { machineArgs, silentLogger } from './core'
import { FakeLightning } from './fake-lightning'
import { tempDir } from './tmp'

export const ctx = { actor: 'test' }

/**
 * Calls a command and returns its result, failing the test with the error otherwise. Typed by
 * the command's name: a fixture whose args or expectations drift from the contract fails the
 * type check.
 */
export async function ok<N extends CommandName>(core: Pick<Core, 'call'>, name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  const r = await core.call(name, args, ctx)
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`)
  return r.result as ResultOf<N>
}

/** A clock tests can move forward. */
export function testClock(start = Date.parse('2026-11-22T10:00:00Z')): { now: () => Date; advanceMinutes(m: number): void } {
  let t = start
  return {
    now: () => new Date((t += 1)), // strictly increasing, like real time
    advanceMinutes: (m) => {
      t += m * 60_000
    },
  }
}

/**
 * Marks LPs' destinations verified straight in the ledger file: for engine and ledger tests
 * whose destinations (ana@example.com) are not reachable. Integration tests verify for real.
 */
export function markVerified(core: Core, ...clientIds: string[]): void {
  const db = new BetterSqlite3(core.ledgerPath)
  try {
    const stmt = db.prepare(
      "UPDATE clients SET destination_verified_at = '2026-11-22T00:00:00.000Z' WHERE id = ? AND destination_kind IS NOT NULL",
    )
    for (const id of clientIds) if (stmt.run(id).changes !== 1) throw new Error(`LP ${id} has no destination to mark verified`)
  } finally {
    db.close()
  }
}

/**
 * An LP onboarded for real (the destination checked live: it must be reachable, e.g. an LNbits
 * key on a bound LNbits) with one confirmed deposit.
 */
export async function onboardedLp(core: Core, machineId: string, name: string, destination: string, deposit: number): Promise<Client> {
  const lp = await ok(core, 'clients.create', { machine_id: machineId, name, payout_destination: destination })
  const check = await ok(core, 'destinations.verify', { client_id: lp.id })
  if (!check.ok) throw new Error(`${name}'s destination did not verify: ${check.detail}`)
  const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: machineId, amount: deposit })
  await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
  return ok(core, 'clients.get', { id: lp.id })
}

export function coreAt(dataDir: string, extra: Partial<CoreOptions> = {}): Core {
  return openCore({ dataDir, logger: silentLogger, ...extra })
}

export interface Fixture {
  machine: Machine
  lps: Client[]
  settlement: Settlement
}

/**
 * A machine with two funded LPs, a split ruleset with an external partner and one LP,
 * and one recorded cash-out: a settlement with several money-moving legs.
 */
export async function fundedMachine(core: Core, opts: { crypto_atoms?: number; fiat_amount?: number } = {}): Promise<Fixture> {
  const machine = await ok(core, 'machines.create', machineArgs({ operator_cash_out_fee_fraction: '0.0500' }))
  const lps: Client[] = []
  for (const [name, amount] of [
    ['Ana', 60_000],
    ['Beto', 40_000],
  ] as const) {
    const lp = await ok(core, 'clients.create', { machine_id: machine.id, name, payout_destination: `${name.toLowerCase()}@example.com` })
    markVerified(core, lp.id)
    const d = await ok(core, 'deposits.create', { client_id: lp.id, machine_id: machine.id, amount })
    await ok(core, 'deposits.setStatus', { id: d.id, status: 'confirmed' })
    lps.push(lp)
  }
  await ok(core, 'splits.replace', {
    machine_id: machine.id,
    legs: [
      { destination: 'partner@example.com', label: 'Partner', fraction: '0.7' },
      { client_id: lps[0]!.id, fraction: '0.3' },
    ],
  })
  const settlement = await ok(core, 'settlements.record', {
    machine_id: machine.id,
    txid: `tx-${Math.random().toString(36).slice(2)}`,
    direction: 'cash_out',
    crypto_atoms: opts.crypto_atoms ?? 266_800,
    fiat_amount: opts.fiat_amount ?? 150_000,
  })
  return { machine, lps, settlement }
}

/**
 * A ledger in a temp folder paid through a fake Lightning world, for engine tests. `open()`
 * starts another "process" (core) on the same ledger and world; everything is closed and
 * removed through `cleanup`, which the test file runs after each test.
 */
export function fakePaidLedger(cleanup: (() => Promise<void> | void)[]) {
  const dir = tempDir()
  const world = new FakeLightning()
  const clock = testClock()
  cleanup.push(() => dir.remove())
  const open = (extra: Partial<CoreOptions> = {}) => {
    const core = coreAt(dir.path, { payer: world.payer(), clock: clock.now, ...extra })
    cleanup.push(() => core.close())
    return core
  }
  return { dir, world, clock, open }
}

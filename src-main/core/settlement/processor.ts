import type { Kysely } from 'kysely'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { SettlementStatus } from '../../../src-shared/domain/settlement'
import { appendAudit } from '../audit/log'
import { openDestination } from '../destinations/store'
import { inWriteTransaction } from '../ledger/transaction'
import type { Database, LegsTable, SettlementsTable } from '../ledger/schema'
import type { Logger } from '../log'
import type { SecretBox } from '../secrets/box'
import { loadPlanContext } from './inputs'
import type { LegToPay, Payer } from './payer'
import { planSettlement } from './plan'
import { toPlanRecord } from './plan-record'
import { newLegRow, type NewLeg } from './leg-row'
import { readSwitch } from '../processing/switch'
import { insertLegs, loadSettlement, savePlanFigures } from './queries'
import { destinationGate, type GateDeps } from './destination-gate'
import type { CheckDestination } from '../destinations/checks'
import { claimSettlement, errorSettlement, finishSettlement, legCompleted, legFailed, legInFlight, legNote } from './transitions'
import { groupBy } from '../group-by'

export interface ProcessorDeps {
  db: Kysely<Database>
  payer: Payer
  secrets: SecretBox
  now(): string
  newId(): string
  actor: string
  logger: Logger
  emit(event: PushEvent): void
  /** checks an LP's destination live before its first payment */
  checkDestination: CheckDestination
}

export interface ProcessOutcome {
  settlement_id: string
  /** false when another processor holds the settlement, or it was not pending */
  claimed: boolean
  status: SettlementStatus
  error: string | null
}

/** Legs that move no money: they are complete the moment they are planned. */
const NO_MONEY_MOVES = new Set(['operator_principal', 'retained'])

/**
 * Runs one settlement: claim (optimistic lock), plan (persisted in the same transaction),
 * then each leg: invoice -> persist in_flight (bolt11 + hash) -> pay -> record the answer.
 * Every step is its own transaction, so a crash anywhere leaves a state the next run can
 * resume from: an in_flight leg is resolved by asking the payer about its hash before any
 * new invoice, so a leg is paid at most once.
 */
export async function processSettlement(
  deps: ProcessorDeps,
  settlementId: string,
  opts: { ignorePause?: boolean } = {},
): Promise<ProcessOutcome> {
  const paused = async () => !opts.ignorePause && (await readSwitch(deps.db)).paused
  const claimed = (await paused()) ? undefined : await claim(deps, settlementId)
  if (!claimed) {
    const row = await deps.db.selectFrom('settlements').select(['status', 'error']).where('id', '=', settlementId).executeTakeFirst()
    return { settlement_id: settlementId, claimed: false, status: row?.status ?? 'pending', error: row?.error ?? null }
  }
  const legIds = await deps.db
    .selectFrom('legs')
    .select('id')
    .where('settlement_id', '=', settlementId)
    .where('status', 'in', ['planned', 'in_flight'])
    .orderBy('position')
    .execute()
  // An LP with several legs (DCA and a split) has its destination checked once in this run.
  const run = { ...deps, decided: new Map<string, Promise<string | null>>() }
  let prefix = ''
  try {
    for (const { id } of legIds) {
      // Pausing stops payouts at once: legs not started yet stay planned, for a retry after resuming.
      if (await paused()) {
        prefix = 'Processing was paused before every leg was paid; retry after resuming. '
        break
      }
      // Re-read before each leg: an operator may have force-reset the settlement meanwhile
      // (another processor may now own it), or another run may have moved this leg on.
      const current = await deps.db.selectFrom('settlements').select('status').where('id', '=', settlementId).executeTakeFirst()
      if (current?.status !== 'processing')
        return {
          settlement_id: settlementId,
          claimed: true,
          status: current?.status ?? 'errored',
          error: 'The settlement was reset while it was being paid; this run stopped.',
        }
      const leg = await deps.db.selectFrom('legs').selectAll().where('id', '=', id).executeTakeFirst()
      if (!leg || (leg.status !== 'planned' && leg.status !== 'in_flight')) continue
      try {
        await payLeg(run, claimed.machine_id, leg)
      } catch (e) {
        // payLeg records payer outcomes itself; what lands here is the ledger failing (busy, a
        // constraint). The leg stays where it was and the settlement says why.
        deps.logger.error('a leg could not be processed', { settlement_id: settlementId, leg_id: id, error: (e as Error).message })
        prefix += `Leg ${leg.target_label}: ${(e as Error).message}. `
      }
    }
  } catch (e) {
    // Reading the ledger failed: still leave 'processing' below, with the reason, rather than stay stuck.
    deps.logger.error('processing stopped early', { settlement_id: settlementId, error: (e as Error).message })
    prefix += `Processing stopped early: ${(e as Error).message}. `
  }
  return finish(deps, settlementId, prefix)
}

async function claim(deps: ProcessorDeps, id: string): Promise<SettlementsTable | undefined> {
  const claimed = await inWriteTransaction(deps.db, async (trx) => {
    const now = deps.now()
    if (!(await claimSettlement(trx, id, now))) return undefined
    const s = await loadSettlement(trx, id)
    const active = await trx
      .selectFrom('legs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('settlement_id', '=', id)
      .where('status', '<>', 'voided')
      .executeTakeFirstOrThrow()
    if (Number(active.n) === 0) {
      try {
        await persistPlan(deps, trx, s)
      } catch (e) {
        // A plan that cannot be made must not leave the settlement pending forever: it
        // becomes errored with the reason, in the same transaction as the claim.
        const error = `Could not plan: ${(e as Error).message}`
        deps.logger.error('settlement could not be planned', { settlement_id: id, error })
        await errorSettlement(trx, id, 'processing', error, now)
        return { settlement: s, planned: false }
      }
    }
    await appendAudit(trx, now, {
      actor: deps.actor,
      command: 'settlements.process',
      entity: 'settlement',
      entity_id: id,
      before: { status: 'pending' },
      after: { status: 'processing' },
    })
    return { settlement: s, planned: true }
  })
  if (claimed && !claimed.planned) deps.emit({ name: 'settlements.changed', payload: { id, status: 'errored' } })
  return claimed?.planned ? claimed.settlement : undefined
}

export async function persistPlan(deps: Pick<ProcessorDeps, 'now' | 'newId'>, trx: Kysely<Database>, s: SettlementsTable): Promise<void> {
  const ctx = await loadPlanContext(trx, s)
  const plan = planSettlement(ctx.input)
  const now = deps.now()
  const rows: LegsTable[] = plan.legs.map((leg, position) => {
    const target = ctx.resolve(leg.source)
    if (!NO_MONEY_MOVES.has(leg.leg_type) && !target.sealed) {
      // Refused at planning (the settlement errors with this), not discovered leg by leg.
      throw new Error(
        leg.leg_type === 'super_fee' ? 'the platform fee has no destination set' : `${leg.target_label} has no payout destination`,
      )
    }
    const row: NewLeg = {
      id: deps.newId(),
      settlement_id: s.id,
      position,
      leg_type: leg.leg_type,
      client_id: leg.client_id,
      target: leg.target,
      target_kind: target.kind,
      target_enc: target.sealed,
      target_label: leg.target_label,
      amount_sats: leg.amount_sats,
      amount_fiat: leg.amount_fiat,
      fiat_code: leg.amount_fiat === null ? null : s.fiat_code,
      rate_sats: leg.leg_type === 'dca' ? plan.base_sats : null,
      rate_fiat: leg.leg_type === 'dca' ? ctx.input.fiat_amount : null,
      funding_wallet_id: null,
    }
    return newLegRow(row, now, NO_MONEY_MOVES.has(leg.leg_type))
  })
  await insertLegs(trx, rows)
  await savePlanFigures(trx, {
    id: s.id,
    base_sats: plan.base_sats,
    commission_sats: plan.commission_sats,
    plan_inputs_json: JSON.stringify(toPlanRecord(ctx.input)),
  })
}

function toPay(machineId: string | null, leg: LegsTable, secrets: SecretBox): LegToPay {
  const destination =
    leg.target_kind && leg.target_kind !== 'machine_wallet' ? openDestination(secrets, leg.target_kind, leg.target_enc) : null
  return {
    id: leg.id,
    settlement_id: leg.settlement_id,
    machine_id: machineId,
    leg_type: leg.leg_type,
    client_id: leg.client_id,
    target: leg.target,
    destination,
    amount_sats: leg.amount_sats,
    funding_wallet_id: leg.funding_wallet_id,
  }
}

/** Each step of a leg commits on its own: a crash between two leaves the leg where the last one put it. */
function legSteps(deps: Pick<ProcessorDeps, 'db' | 'now'>, legId: string) {
  const commit = (fn: (trx: Kysely<Database>, now: string) => Promise<boolean>) => inWriteTransaction(deps.db, (trx) => fn(trx, deps.now()))
  return {
    inFlight: (invoice: { bolt11: string; payment_hash: string }) => commit((trx, now) => legInFlight(trx, legId, invoice, now)),
    completed: () => commit((trx, now) => legCompleted(trx, legId, now)),
    failed: (from: 'planned' | 'in_flight', error: string) => commit((trx, now) => legFailed(trx, legId, from, error, now)),
    note: (at: LegsTable['status'], error: string) => commit((trx, now) => legNote(trx, legId, at, error, now)),
  }
}

/** One leg, from wherever it stands. Never throws for the payer's sake: outcomes land on the leg. */
export async function payLeg(
  deps: Pick<ProcessorDeps, 'db' | 'payer' | 'secrets' | 'now' | 'actor' | 'checkDestination'> & Pick<GateDeps, 'decided'>,
  machineId: string | null,
  leg: LegsTable,
): Promise<void> {
  const step = legSteps(deps, leg.id)
  // An LP's destination is paid only once it is known to work; a leg to one that is not waits, saying why.
  if (leg.status === 'planned' && leg.client_id) {
    const waits = await destinationGate(deps, leg.client_id)
    if (waits) {
      await step.note('planned', waits)
      return
    }
  }
  let payable: LegToPay
  try {
    payable = toPay(machineId, leg, deps.secrets)
  } catch (e) {
    // The sealed destination cannot be opened (the data key is missing or wrong): pay nothing.
    const error = `Cannot read the destination: ${(e as Error).message}`
    await (leg.status === 'planned' ? step.failed('planned', error) : step.note(leg.status, error))
    return
  }
  let bolt11 = leg.bolt11
  let hash = leg.payment_hash

  if (leg.status === 'in_flight' && hash && bolt11) {
    let known
    try {
      known = await deps.payer.status(payable, hash)
    } catch (e) {
      await step.note('in_flight', `Could not check the payment: ${(e as Error).message}`)
      return
    }
    if (known.status === 'completed') {
      await step.completed()
      return
    }
    if (known.status === 'failed') {
      await step.failed('in_flight', known.reason)
      return
    }
    if (known.status === 'pending') {
      await step.note('in_flight', 'The payment is still pending at LNbits; retry later.')
      return
    }
    // unknown: the payment request never arrived, so paying the same invoice is safe.
  } else {
    let invoice
    try {
      invoice = await deps.payer.createInvoice(payable)
    } catch (e) {
      await step.failed('planned', `No invoice: ${(e as Error).message}`)
      return
    }
    bolt11 = invoice.bolt11
    hash = invoice.payment_hash
    // Persist before paying: from here on the leg is resolved by its hash, never re-invoiced.
    // Only the run whose write took the leg pays it; another run that got here too stops.
    if (!(await step.inFlight(invoice))) return
  }

  let outcome
  try {
    outcome = await deps.payer.pay(payable, bolt11!, hash!)
  } catch (e) {
    // Outcome unknown (timeout, connection lost): the leg stays in flight and is checked first next time.
    await step.note('in_flight', `Payment outcome unknown: ${(e as Error).message}`)
    return
  }
  if (outcome.status === 'completed') await step.completed()
  else await step.failed('in_flight', outcome.reason)
}

/** Legs that failed for the same reason are named together, so one outage is said once, not once a leg. */
export function byReason(legs: { label: string; reason: string }[]): string[] {
  return [...groupBy(legs, (l) => l.reason)].map(([reason, same]) => `${same.map((l) => l.label).join(', ')}: ${reason}`)
}

async function finish(deps: ProcessorDeps, id: string, prefix: string): Promise<ProcessOutcome> {
  const outcome = await inWriteTransaction(deps.db, async (trx) => {
    const legs = await trx
      .selectFrom('legs')
      .select(['status', 'target_label', 'error'])
      .where('settlement_id', '=', id)
      .where('status', '<>', 'voided')
      .execute()
    const failed = legs.filter((l) => l.status === 'failed')
    const open = legs.filter((l) => l.status === 'in_flight' || l.status === 'planned')
    const now = deps.now()
    let status: 'completed' | 'errored' = 'completed'
    let error: string | null = null
    if (failed.length > 0 || open.length > 0) {
      status = 'errored'
      const parts = byReason([
        ...failed.map((l) => ({ label: l.target_label, reason: l.error ?? 'failed' })),
        ...open.map((l) => ({ label: l.target_label, reason: l.error ?? 'not paid yet' })),
      ])
      error = `${prefix}${failed.length} leg(s) failed, ${open.length} unresolved. ${parts.join('; ')}`.slice(0, 2000)
    }
    if (!(await finishSettlement(trx, id, status, error, now))) {
      // Reset (and maybe claimed again) by someone else meanwhile: theirs is the word on it.
      const current = await trx.selectFrom('settlements').select(['status', 'error']).where('id', '=', id).executeTakeFirstOrThrow()
      return { settlement_id: id, claimed: true, status: current.status, error: current.error, changed: false }
    }
    await appendAudit(trx, now, {
      actor: deps.actor,
      command: 'settlements.process',
      entity: 'settlement',
      entity_id: id,
      before: { status: 'processing' },
      after: { status, error },
    })
    return { settlement_id: id, claimed: true, status, error, changed: true }
  })
  if (outcome.changed) deps.emit({ name: 'settlements.changed', payload: { id, status: outcome.status } })
  return { settlement_id: outcome.settlement_id, claimed: outcome.claimed, status: outcome.status, error: outcome.error }
}

import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import { roundDiv } from '../../../src-shared/money/apportion'
import { findCurrency, formatFiat } from '../../../src-shared/money/currency'
import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import type { Leg } from '../../../src-shared/domain/settlement'
import type { OwnEnv, TxEnv } from '../env'
import type { ClientsTable, LegsTable, MachinesTable } from '../ledger/schema'
import { lpBalances } from './remaining'
import { payLeg } from '../settlement/processor'
import { processorDeps } from '../processing/pay-pending'
import { newLegRow } from '../settlement/leg-row'
import { voidRefusedBalanceSettlements } from '../settlement/transitions'
import { loadClient } from './queries'
import { loadMachine } from '../machines/queries'
import { requireRunning } from '../processing/switch'
import { toLeg } from '../settlement/view'
import { insertLegs, loadLeg, openBalanceSettlements } from '../settlement/queries'
import { FRACTION_SCALE, decimalToParts } from '../../../src-shared/money/fraction'
import { loadWallet } from '../wallets/queries'

/**
 * Pays what remains of an LP's fiat in sats, at the operator's rate, from a funding wallet,
 * as one balance_settlement leg with the engine's safety: persisted before paying, paid at
 * most once, resolved by hash after a timeout. A leg LNbits refused is voided, so the LP's
 * balance is as before and the operator can settle again.
 */
export async function settleBalance(env: OwnEnv, args: ParsedArgsOf<'clients.settle'>): Promise<Leg> {
  await requireRunning(env.db)
  const deps = processorDeps(env)
  const client = await loadClient(env.db, args.id)
  const machine = await loadMachine(env.db, client.machine_id)
  if (!client.destination_kind || !client.destination_enc) {
    throw refusal('conflict', 'clients.settle.no_destination', { name: client.name }, [
      refusalIssue('id', 'clients.settle.no_destination.issue'),
    ])
  }
  const wallet = await loadWallet(env.db, args.funding_wallet_id)
  if (wallet.role !== 'funding')
    throw refusal('invalid_args', 'clients.settle.not_funding_wallet', undefined, [
      refusalIssue('funding_wallet_id', 'clients.settle.not_funding_wallet.issue'),
    ])
  // A balance settlement LNbits refused moved nothing: voiding it gives the LP their balance back.
  const voidRefused = () => env.transaction((tx) => voidRefusedBalanceSettlements(tx.db, client.id, tx.now()))

  // An earlier settlement of this LP whose outcome is unknown is resolved before anything new.
  for (const open of await openBalanceSettlements(env.db, client.id)) await payLeg(deps, client.machine_id, open)
  await voidRefused()
  // Check, read the balance and write the leg in one write transaction: two settles at once
  // (the app and the CLI, a double click) cannot both take the same balance.
  const leg = await env.transaction((tx) => writeBalanceLeg(tx, client, machine, wallet.id, args))
  await payLeg(deps, client.machine_id, leg)
  await voidRefused()
  env.emit({ name: 'clients.changed', payload: { id: client.id } })
  return toLeg(await loadLeg(env.db, leg.id))
}

/** The balance settlement leg, planned, once nothing earlier is unresolved and the LP has a balance left. */
async function writeBalanceLeg(
  tx: TxEnv,
  client: ClientsTable,
  machine: MachinesTable,
  fundingWalletId: string,
  args: ParsedArgsOf<'clients.settle'>,
): Promise<LegsTable> {
  const [unresolved] = await openBalanceSettlements(tx.db, client.id)
  if (unresolved) throw refusal('conflict', 'clients.settle.unresolved', { name: client.name, id: unresolved.id })
  const [balance] = await lpBalances(tx.db, { client_id: client.id })
  const remaining = balance?.remaining ?? 0
  if (remaining <= 0) throw refusal('conflict', 'clients.settle.nothing_remaining', { name: client.name })
  const amountFiat = Math.min(args.amount_fiat ?? remaining, remaining)
  const sats = satsAtRate(amountFiat, args.sats_per_fiat_unit, machine.fiat_code)
  const row = newLegRow(
    {
      id: tx.newId(),
      settlement_id: null,
      position: 0,
      leg_type: 'balance_settlement',
      client_id: client.id,
      target: client.payout_destination ?? '',
      target_kind: client.destination_kind,
      target_enc: client.destination_enc,
      target_label: client.name,
      amount_sats: sats,
      amount_fiat: amountFiat,
      fiat_code: machine.fiat_code,
      rate_sats: sats,
      rate_fiat: amountFiat,
      funding_wallet_id: fundingWalletId,
    },
    tx.now(),
  )
  await insertLegs(tx.db, [row])
  await tx.audit({
    entity: 'client',
    entity_id: client.id,
    before: { remaining_fiat: remaining },
    after: { leg_id: row.id, amount_fiat: amountFiat, amount_sats: sats, rate: args.sats_per_fiat_unit },
  })
  return row
}

/** The operator's rate is sats per whole fiat unit; the amount is in minor units. Refused below one sat. */
function satsAtRate(amountFiat: number, satsPerUnit: string, fiatCode: string): number {
  const exponent = BigInt(findCurrency(fiatCode)?.exponent ?? 2)
  const sats = Number(roundDiv(BigInt(amountFiat) * decimalToParts(satsPerUnit), 10n ** exponent * BigInt(FRACTION_SCALE)))
  if (sats < 1)
    throw refusal(
      'invalid_args',
      'clients.settle.below_one_sat',
      { amount: formatFiat(amountFiat, fiatCode), rate: satsPerUnit, currency: fiatCode },
      [refusalIssue('sats_per_fiat_unit', 'clients.settle.below_one_sat.issue')],
    )
  return sats
}

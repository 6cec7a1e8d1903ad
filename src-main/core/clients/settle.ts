import { CommandError } from '../../../src-shared/contract/errors'
import { roundDiv } from '../../../src-shared/money/apportion'
import { findCurrency, formatFiat } from '../../../src-shared/money/currency'
import type { ParsedArgsOf } from '../../../src-shared/contract/commands'
import type { Leg } from '../../../src-shared/domain/settlement'
import type { OwnEnv } from '../env'
import { lpBalances } from './balances'
import { payLeg } from '../settlement/processor'
import { processorDeps } from '../settlement/process'
import { newLegRow } from '../settlement/leg-row'
import { voidRefusedBalanceSettlements } from '../settlement/transitions'
import { loadClient } from './queries'
import { loadMachine } from '../machines/queries'
import { requireRunning } from '../processing/switch'
import { toLeg } from '../settlement/view'
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
  // A balance settlement LNbits refused moved nothing: voiding it gives the LP their balance back.
  const voidRefused = () => env.transaction((tx) => voidRefusedBalanceSettlements(tx.db, client.id, tx.now()))
  const machine = await loadMachine(env.db, client.machine_id)
  if (!client.destination_kind || !client.destination_enc) {
    throw new CommandError('conflict', `LP "${client.name}" has no payout destination; add one first.`, [{ path: 'id', message: 'has no payout destination' }])
  }
  const wallet = await loadWallet(env.db, args.funding_wallet_id)
  if (wallet.role !== 'funding') throw new CommandError('invalid_args', 'Balance settlements are paid from a funding wallet, not a machine wallet.', [{ path: 'funding_wallet_id', message: 'is not a funding wallet' }])

  // An earlier settlement of this LP whose outcome is unknown is resolved before anything new.
  for (const open of await env.db.selectFrom('legs').selectAll().where('client_id', '=', client.id).where('leg_type', '=', 'balance_settlement').where('status', 'in', ['planned', 'in_flight']).execute()) {
    await payLeg(deps, client.machine_id, open)
  }
  await voidRefused()
  const [whole, dec = ''] = args.sats_per_fiat_unit.split('.')
  const rateParts = BigInt(whole!) * 10_000n + BigInt(dec.padEnd(4, '0'))
  const exponent = BigInt(findCurrency(machine.fiat_code)?.exponent ?? 2)
  // Check, read the balance and write the leg in one write transaction: two settles at once
  // (the app and the CLI, a double click) cannot both take the same balance.
  const leg = await env.transaction(async (tx) => {
    const trx = tx.db
    const unresolved = await trx.selectFrom('legs').select('id').where('client_id', '=', client.id).where('leg_type', '=', 'balance_settlement').where('status', 'in', ['planned', 'in_flight']).executeTakeFirst()
    if (unresolved) throw new CommandError('conflict', `An earlier balance settlement of "${client.name}" (${unresolved.id}) is still unresolved at LNbits; try again later.`)
    const [balance] = await lpBalances(trx, { client_id: client.id })
    const remaining = balance?.remaining ?? 0
    if (remaining <= 0) throw new CommandError('conflict', `LP "${client.name}" has no remaining balance to settle.`)
    const amountFiat = Math.min(args.amount_fiat ?? remaining, remaining)
    const sats = Number(roundDiv(BigInt(amountFiat) * rateParts, 10n ** exponent * 10_000n))
    if (sats < 1) throw new CommandError('invalid_args', `${formatFiat(amountFiat, machine.fiat_code)} at ${args.sats_per_fiat_unit} sats per ${machine.fiat_code} is less than one sat.`, [{ path: 'sats_per_fiat_unit', message: 'gives less than one sat' }])
    const now = env.now()
    const row = newLegRow(
      {
        id: env.newId(),
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
        funding_wallet_id: wallet.id,
      },
      now,
    )
    await trx.insertInto('legs').values(row).execute()
    await tx.audit({ entity: 'client', entity_id: client.id, before: { remaining_fiat: remaining }, after: { leg_id: row.id, amount_fiat: amountFiat, amount_sats: sats, rate: args.sats_per_fiat_unit } })
    return row
  })
  await payLeg(deps, client.machine_id, leg)
  await voidRefused()
  env.emit({ name: 'clients.changed', payload: { id: client.id } })
  return toLeg(await env.db.selectFrom('legs').selectAll().where('id', '=', leg.id).executeTakeFirstOrThrow())
}

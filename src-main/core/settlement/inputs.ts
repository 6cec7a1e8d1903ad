import type { Kysely } from 'kysely'
import { effectiveRuleset } from '../splits/queries'
import { loadSuperConfig } from '../fees/queries'
import { lpsToPlan } from '../clients/remaining'
import type { Database, DestinationKindColumn, SettlementsTable } from '../ledger/schema'
import type { LegSource, PlanInput } from './plan'

/** A resolved destination for a planned leg: the sealed full value and its kind, or the machine wallet. */
export interface SealedTarget {
  kind: DestinationKindColumn | 'machine_wallet' | null
  sealed: Buffer | null
}

export interface SettlementPlanContext {
  input: PlanInput
  resolve(source: LegSource): SealedTarget
}

/** The settlement's own figures the planner takes: after a partial dispense, the dispensed ones. */
export function saleFigures(
  s: Pick<
    SettlementsTable,
    | 'direction'
    | 'crypto_atoms'
    | 'dispensed_sats'
    | 'fiat_amount'
    | 'dispensed_fiat'
    | 'super_fee_parts'
    | 'operator_fee_parts'
    | 'discount_bps'
  >,
): Pick<PlanInput, 'direction' | 'crypto_atoms' | 'fiat_amount' | 'super_parts' | 'operator_parts' | 'discount_bps'> {
  return {
    direction: s.direction,
    crypto_atoms: s.dispensed_sats ?? s.crypto_atoms,
    fiat_amount: s.dispensed_fiat ?? s.fiat_amount,
    super_parts: s.super_fee_parts,
    operator_parts: s.operator_fee_parts,
    discount_bps: s.discount_bps,
  }
}

/** Reads everything the planner needs for one settlement, as the ledger stands now. */
export async function loadPlanContext(db: Kysely<Database>, s: SettlementsTable): Promise<SettlementPlanContext> {
  const sup = await loadSuperConfig(db)
  const rules = await effectiveRuleset(db, s.machine_id)
  const clients = await lpsToPlan(db, s.machine_id)
  const byId = new Map(clients.map((c) => [c.id, c]))

  const input: PlanInput = {
    ...saleFigures(s),
    super_destination: sup.fee_destination,
    splits: rules.legs.map((l) => {
      const client = l.client_id ? byId.get(l.client_id) : undefined
      return {
        position: l.position,
        client_id: l.client_id,
        target: client?.payout_destination ?? l.destination ?? '',
        label: client?.name ?? l.label,
        parts: l.fraction_parts,
      }
    }),
    // An LP without a destination cannot be paid; they cannot have confirmed deposits either.
    lps: clients
      .filter((c) => c.destination_kind)
      .map((c) => ({ client_id: c.id, target: c.payout_destination ?? '', label: c.name, remaining_fiat: c.remaining })),
  }

  const resolve = (source: LegSource): SealedTarget => {
    switch (source.from) {
      case 'machine_wallet':
        return { kind: 'machine_wallet', sealed: null }
      case 'super':
        return { kind: sup.fee_destination_kind, sealed: sup.fee_destination_enc }
      case 'lp': {
        const c = byId.get(source.client_id)
        return { kind: c?.destination_kind ?? null, sealed: c?.destination_enc ?? null }
      }
      case 'split': {
        const leg = rules.legs.find((l) => l.position === source.position)
        const c = leg?.client_id ? byId.get(leg.client_id) : undefined
        return c
          ? { kind: c.destination_kind, sealed: c.destination_enc }
          : { kind: leg?.destination_kind ?? null, sealed: leg?.destination_enc ?? null }
      }
    }
  }
  return { input, resolve }
}

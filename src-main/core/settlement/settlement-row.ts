import type { MachinesTable, SettlementsTable, SuperConfigTable } from '../ledger/schema'

/** What a sale says, wherever it came from (recorded by hand, attested, attributed by the operator). */
export interface SaleFacts {
  source: SettlementsTable['source']
  txid: string
  payment_hash: string | null
  direction: SettlementsTable['direction']
  crypto_atoms: number
  fiat_amount: number
  discount_bps: number
  attestation_json?: string | null
}

/**
 * A new settlement row. The fee fractions in force now are stored with it, so later fee
 * changes never re-price the transaction. A rejection makes it final (never planned or paid).
 */
export function newSettlementRow(p: {
  id: string
  now: string
  machine: MachinesTable
  sup: SuperConfigTable
  sale: SaleFacts
  rejection?: string
}): SettlementsTable {
  const { machine, sup, sale } = p
  const cashOut = sale.direction === 'cash_out'
  return {
    id: p.id,
    machine_id: machine.id,
    source: sale.source,
    txid: sale.txid,
    payment_hash: sale.payment_hash,
    direction: sale.direction,
    crypto_atoms: sale.crypto_atoms,
    fiat_amount: sale.fiat_amount,
    fiat_code: machine.fiat_code,
    super_fee_parts: cashOut ? sup.super_cash_out_fee_parts : sup.super_cash_in_fee_parts,
    operator_fee_parts: cashOut ? machine.operator_cash_out_fee_parts : machine.operator_cash_in_fee_parts,
    discount_bps: sale.discount_bps,
    base_sats: null,
    commission_sats: null,
    dispensed_sats: null,
    dispensed_fiat: null,
    held_sats: 0,
    status: p.rejection ? 'rejected' : 'pending',
    error: null,
    rejection_reason: p.rejection ?? null,
    attestation_json: sale.attestation_json ?? null,
    created_at: p.now,
    updated_at: p.now,
    processing_at: null,
    completed_at: null,
    void_reason: null,
    plan_inputs_json: null,
  }
}

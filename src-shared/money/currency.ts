import currencyCodes from 'currency-codes'

/**
 * ISO 4217 currencies and their minor-unit exponent (GTQ 2, USD 2, JPY 0), from the
 * currency-codes package so the exponent does not depend on the ICU build in use.
 */
export interface Currency {
  code: string
  name: string
  exponent: number
}

export function findCurrency(code: string): Currency | undefined {
  if (!/^[A-Z]{3}$/.test(code)) return undefined
  const entry = currencyCodes.code(code)
  // Funds, metals and testing codes have no minor unit: not a cash currency an ATM dispenses.
  if (!entry || typeof entry.digits !== 'number') return undefined
  return { code: entry.code, name: entry.currency, exponent: entry.digits }
}

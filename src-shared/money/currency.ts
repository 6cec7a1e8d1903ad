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

/** ISO 4217 codes that are metals, bond units, funds or for testing: no ATM dispenses them. */
const NOT_CASH = new Set([
  'XAU', 'XAG', 'XPT', 'XPD', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX',
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW',
])

export function findCurrency(code: string): Currency | undefined {
  if (!/^[A-Z]{3}$/.test(code) || NOT_CASH.has(code)) return undefined
  const entry = currencyCodes.code(code)
  if (!entry || typeof entry.digits !== 'number') return undefined
  return { code: entry.code, name: entry.currency, exponent: entry.digits }
}

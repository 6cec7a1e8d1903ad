import { formatFiat } from '../../src-shared/money/currency'
import { parseFraction, formatPercent } from '../../src-shared/money/fraction'

/** Display helpers: formatting only, every number comes from the core. */
export const sats = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toLocaleString('en-US')} sats`)
export const fiat = (minor: number | null | undefined, code: string | null | undefined) =>
  minor === null || minor === undefined || !code ? '—' : formatFiat(minor, code)
export const percent = (fraction: string) => {
  const r = parseFraction(fraction)
  return r.ok ? formatPercent(r.parts) : fraction
}
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—')

export const STATUS_COLORS: Record<string, string> = {
  pending: 'grey-8',
  processing: 'primary',
  completed: 'positive',
  errored: 'negative',
  rejected: 'deep-orange-10',
  planned: 'grey-8',
  in_flight: 'primary',
  failed: 'negative',
  voided: 'grey-7',
  confirmed: 'positive',
  cancelled: 'grey-7',
  reversed: 'grey-7',
  active: 'positive',
  inactive: 'grey-7',
}

import { sql, type Kysely } from 'kysely'
import { stringify } from 'csv-stringify/sync'
import type { CsvExport, ExportTable } from '../../../src-shared/domain/export'
import { btcDecimal, fiatDecimal } from '../../../src-shared/money/currency'
import type { ClientStatement } from '../../../src-shared/domain/client'
import type { Database } from '../ledger/schema'

type Row = Record<string, string | number | null>

/**
 * csv-stringify (the csv project's writer): RFC 4180 quoting, a header row, nothing hand-escaped.
 * Text a spreadsheet would run as a formula (an LP named "=HYPERLINK(…)") gets a leading
 * apostrophe; numbers, negative ones too, stay numbers.
 */
function toCsv(filename: string, columns: string[], rows: Row[]): CsvExport {
  const cast = {
    number: (n: number) => String(n),
    string: (v: string) => (/^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v),
  }
  return { filename, rows: rows.length, columns, csv: stringify(rows, { header: true, columns, cast }) }
}

/**
 * One table as it is stored (docs/exports.md): every column but the sealed ones (`*_enc`: keys and
 * destinations, kept only in the app) and raw bytes; amounts in their stored units (sats, msat,
 * fiat minor units), times as stored (UTC ISO 8601).
 */
export async function tableCsv(db: Kysely<Database>, table: ExportTable): Promise<CsvExport> {
  const info = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table})`.execute(db)
  const columns = info.rows.map((c) => c.name).filter((c) => !c.endsWith('_enc') && c !== 'ciphertext')
  const rows = await sql<Row>`SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(table)} ORDER BY rowid`.execute(db)
  return toCsv(
    `satop-${table}.csv`,
    columns,
    rows.rows.map((r) => blobsAsLength(r)),
  )
}

const blobsAsLength = (r: Row): Row =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, (v as unknown) instanceof Uint8Array ? `(${(v as unknown as Uint8Array).length} bytes)` : v]),
  )

const SETTLEMENT_COLUMNS = [
  'settlement_id',
  'created_at',
  'machine_id',
  'machine_name',
  'txid',
  'source',
  'direction',
  'status',
  'crypto_atoms',
  'fiat_code',
  'fiat_amount_minor',
  'fiat_amount',
  'base_sats',
  'commission_sats',
  'payment_hash',
  'leg_id',
  'leg_position',
  'leg_type',
  'leg_status',
  'leg_target',
  'leg_client_id',
  'leg_amount_sats',
  'leg_amount_fiat_minor',
  'leg_amount_fiat',
  'leg_payment_hash',
  'leg_completed_at',
]

/** Every settlement with its legs (voided ones too, marked): a row per leg, a settlement without legs on a row of its own. */
export async function settlementsCsv(db: Kysely<Database>, machineId?: string): Promise<CsvExport> {
  let q = db
    .selectFrom('settlements as s')
    .innerJoin('machines as m', 'm.id', 's.machine_id')
    .leftJoin('legs as l', 'l.settlement_id', 's.id')
    .select([
      's.id as settlement_id',
      's.created_at',
      's.machine_id',
      'm.name as machine_name',
      's.txid',
      's.source',
      's.direction',
      's.status',
      's.crypto_atoms',
      's.fiat_code',
      's.fiat_amount',
      's.base_sats',
      's.commission_sats',
      's.payment_hash',
      'l.id as leg_id',
      'l.position as leg_position',
      'l.leg_type',
      'l.status as leg_status',
      'l.target_label as leg_target',
      'l.client_id as leg_client_id',
      'l.amount_sats as leg_amount_sats',
      'l.amount_fiat as leg_amount_fiat',
      'l.payment_hash as leg_payment_hash',
      'l.completed_at as leg_completed_at',
    ])
    .orderBy('s.created_at')
    .orderBy('s.id')
    .orderBy('l.position')
  if (machineId) q = q.where('s.machine_id', '=', machineId)
  const rows = (await q.execute()).map((r) => ({
    ...r,
    fiat_amount_minor: r.fiat_amount,
    fiat_amount: fiatDecimal(r.fiat_amount, r.fiat_code),
    leg_amount_fiat_minor: r.leg_amount_fiat,
    leg_amount_fiat: r.leg_amount_fiat === null ? null : fiatDecimal(r.leg_amount_fiat, r.fiat_code),
  }))
  return toCsv('satop-settlements-with-legs.csv', SETTLEMENT_COLUMNS, rows)
}

/** Every leg that moved money (completed, with its Lightning payment), balance settlements included. */
export async function paymentsCsv(db: Kysely<Database>, machineId?: string): Promise<CsvExport> {
  let q = db
    .selectFrom('legs as l')
    .leftJoin('settlements as s', 's.id', 'l.settlement_id')
    .leftJoin('clients as c', 'c.id', 'l.client_id')
    .select([
      'l.completed_at as paid_at',
      'l.id as leg_id',
      'l.settlement_id',
      's.txid',
      's.machine_id',
      'l.leg_type',
      'l.target_label as paid_to',
      'l.client_id',
      'c.name as client_name',
      'l.amount_sats',
      'l.amount_fiat',
      'l.fiat_code',
      'l.payment_hash',
    ])
    .where('l.status', '=', 'completed')
    .where('l.payment_hash', 'is not', null)
    .orderBy('l.completed_at')
    .orderBy('l.id')
  if (machineId) q = q.where((eb) => eb.or([eb('s.machine_id', '=', machineId), eb('c.machine_id', '=', machineId)]))
  const rows = (await q.execute()).map((r) => ({
    ...r,
    amount_btc: btcDecimal(r.amount_sats),
    amount_fiat_minor: r.amount_fiat,
    amount_fiat: r.amount_fiat === null || !r.fiat_code ? null : fiatDecimal(r.amount_fiat, r.fiat_code),
  }))
  const columns = ['paid_at', 'leg_id', 'settlement_id', 'txid', 'machine_id', 'leg_type', 'paid_to', 'client_id', 'client_name']
  return toCsv(
    'satop-payments.csv',
    [...columns, 'amount_sats', 'amount_btc', 'fiat_code', 'amount_fiat_minor', 'amount_fiat', 'payment_hash'],
    rows,
  )
}

/** An LP's statement, one row per entry, ready for the LP or a spreadsheet. */
export function statementCsv(s: ClientStatement): CsvExport {
  const code = s.fiat_code
  const rows = s.entries.map((e) => ({
    at: e.at,
    kind: e.kind,
    status: e.status,
    fiat_code: code,
    fiat_minor: e.fiat,
    fiat: fiatDecimal(e.fiat, code),
    sats: e.sats,
    btc: btcDecimal(e.sats),
    price_per_btc: e.price_per_btc === null ? null : fiatDecimal(e.price_per_btc, code),
    remaining_after_minor: e.remaining_after,
    remaining_after: fiatDecimal(e.remaining_after, code),
    deposit_id: e.deposit_id,
    leg_id: e.leg_id,
    settlement_id: e.settlement_id,
    txid: e.txid,
    payment_hash: e.payment_hash,
  }))
  return toCsv(`satop-statement-${slug(s.client.name)}.csv`, Object.keys(rows[0] ?? emptyStatementRow), rows)
}
const emptyStatementRow = Object.fromEntries(
  [
    'at',
    'kind',
    'status',
    'fiat_code',
    'fiat_minor',
    'fiat',
    'sats',
    'btc',
    'price_per_btc',
    'remaining_after_minor',
    'remaining_after',
    'deposit_id',
    'leg_id',
    'settlement_id',
    'txid',
    'payment_hash',
  ].map((k) => [k, null]),
)

/**
 * The LP's bitcoin bought, in Koinly's universal CSV: each paid DCA leg (and balance settlement)
 * is a trade, fiat sent and BTC received, priced at the sale's rate. Dates in UTC as Koinly reads them.
 */
export function koinlyCsv(s: ClientStatement): CsvExport {
  const code = s.fiat_code
  const rows = s.entries
    .filter((e) => (e.kind === 'dca' || e.kind === 'balance_settlement') && e.status === 'completed')
    .map((e) => ({
      Date: `${e.at.slice(0, 10)} ${e.at.slice(11, 19)} UTC`,
      'Sent Amount': fiatDecimal(-e.fiat, code),
      'Sent Currency': code,
      'Received Amount': btcDecimal(e.sats),
      'Received Currency': 'BTC',
      'Fee Amount': null,
      'Fee Currency': null,
      'Net Worth Amount': fiatDecimal(-e.fiat, code),
      'Net Worth Currency': code,
      Label: null,
      Description: e.kind === 'dca' ? `SatMachine DCA, sale ${e.txid ?? ''}` : 'SatMachine balance settlement',
      TxHash: e.payment_hash,
    }))
  const columns = ['Date', 'Sent Amount', 'Sent Currency', 'Received Amount', 'Received Currency', 'Fee Amount', 'Fee Currency']
  return toCsv(
    `satop-koinly-${slug(s.client.name)}.csv`,
    [...columns, 'Net Worth Amount', 'Net Worth Currency', 'Label', 'Description', 'TxHash'],
    rows,
  )
}

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // "Doña" -> "Dona"
    .replace(/[^\w]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || 'lp'

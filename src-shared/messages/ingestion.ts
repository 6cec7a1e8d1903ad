import { defineCatalog } from './define'

/**
 * The core's refusals about ingestion (English, then Spanish); a `….issue` is a field problem, said after the field's name.
 * A payment already resolved says how (`already.<status>`): the status is a word of the sentence.
 */
export default defineCatalog(
  {
    not_found: 'No unattributed payment with hash {hash}.',
    'not_found.issue': 'is not an unattributed payment',
    'already.attributed': 'That payment is already attributed (settlement {settlement}).',
    'already.dismissed': 'That payment is already dismissed.',
    resolved_meanwhile: 'The payment was resolved meanwhile; reload it.',
    not_whole_sats: 'The payment is {msat} msat, not a whole number of sats: it cannot be a settlement. Dismiss it instead.',
    'txid.recorded': 'Machine "{name}" already has a settlement for txid {txid} ({id}).',
    'txid.recorded.issue': 'is already recorded for this machine',
    cursor: 'cursor is not one returned by a previous page',
    'cursor.issue': 'is not one returned by a previous page',
  },
  {
    not_found: 'No hay ningún pago sin atestación con el hash {hash}.',
    'not_found.issue': 'no es un pago sin atestación',
    'already.attributed': 'Ese pago ya fue atribuido (liquidación {settlement}).',
    'already.dismissed': 'Ese pago ya fue apartado.',
    resolved_meanwhile: 'El pago se resolvió mientras tanto; vuelva a cargarlo.',
    not_whole_sats: 'El pago es de {msat} msat, no un número entero de sats: no puede ser una liquidación. En su lugar, apártelo.',
    'txid.recorded': 'El cajero "{name}" ya tiene una liquidación para el txid {txid} ({id}).',
    'txid.recorded.issue': 'ya está registrado para este cajero',
    cursor: 'cursor no es uno devuelto por una página anterior',
    'cursor.issue': 'no es uno devuelto por una página anterior',
  },
)

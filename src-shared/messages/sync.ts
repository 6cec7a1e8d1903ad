import { defineCatalog } from './define'

/** The core's refusals about sync (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    'wallet.not_found': 'No machine wallet with id {id}.',
    'wallet.not_found.issue': 'is not a bound machine wallet',
  },
  {
    'wallet.not_found': 'No hay ninguna billetera de cajero con el id {id}.',
    'wallet.not_found.issue': 'no es una billetera de cajero vinculada',
  },
)

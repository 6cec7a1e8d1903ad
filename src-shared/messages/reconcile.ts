import { defineCatalog } from './define'

/** The core's refusals about reconcile (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    'wallet.not_found': 'No wallet binding {id}.',
    'wallet.not_found.issue': 'is not a bound wallet',
  },
  {
    'wallet.not_found': 'No hay ninguna billetera vinculada con el id {id}.',
    'wallet.not_found.issue': 'no es una billetera vinculada',
  },
)

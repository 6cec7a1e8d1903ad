import { defineCatalog } from './define'

/** The core's refusals about relays (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    listed: '{url} is already in the list.',
    'listed.issue': 'is already in the list',
    not_found: '{url} is not in the list.',
    'not_found.issue': 'is not in the list',
  },
  {
    listed: '{url} ya está en la lista.',
    'listed.issue': 'ya está en la lista',
    not_found: '{url} no está en la lista.',
    'not_found.issue': 'no está en la lista',
  },
)

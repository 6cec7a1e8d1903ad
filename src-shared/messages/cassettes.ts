import { defineCatalog } from './define'

/**
 * The core's refusals about cassettes (English, then Spanish); a `….issue` is a field problem, said after the field's name.
 * Which bays are wrong (missing, not on the ATM, or both) picks the sentence, so each has its key.
 */
export default defineCatalog(
  {
    not_reported: 'Waiting for the ATM: "{name}" has not reported its cassettes yet. They appear here once it does.',
    'bays.missing': 'The bays must be the ones the ATM has ({bays}). Missing: {missing}.',
    'bays.extra': 'The bays must be the ones the ATM has ({bays}). Not on this ATM: {extra}.',
    'bays.missing_extra': 'The bays must be the ones the ATM has ({bays}). Missing: {missing}. Not on this ATM: {extra}.',
    'bays.issue': 'must be exactly the bays the ATM reported',
  },
  {
    not_reported: 'Esperando al cajero: "{name}" aún no ha reportado sus casetes. Aparecerán aquí en cuanto lo haga.',
    'bays.missing': 'Las bandejas deben ser las que tiene el cajero ({bays}). Faltan: {missing}.',
    'bays.extra': 'Las bandejas deben ser las que tiene el cajero ({bays}). No están en este cajero: {extra}.',
    'bays.missing_extra': 'Las bandejas deben ser las que tiene el cajero ({bays}). Faltan: {missing}. No están en este cajero: {extra}.',
    'bays.issue': 'deben ser exactamente las bandejas que reportó el cajero',
  },
)

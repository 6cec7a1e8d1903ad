import { defineCatalog } from './define'

/**
 * The core's refusals about fees (English, then Spanish); a `….issue` is a field problem, said
 * after the field's name. The fee cap's remedy depends on the field edited (a platform fee or an
 * operator fee), and a machine is named when known: each has its key. Its field problem is the
 * `field` catalog's `fee_cap.above`.
 */
export default defineCatalog(
  {
    'cap.operator':
      'The {direction} fee would be {total} (super {super} + operator {operator}), above the cap of {cap}. Lower the operator {direction} fee to at most {max}.',
    'cap.operator.machine':
      'The {direction} fee on machine "{machine}" would be {total} (super {super} + operator {operator}), above the cap of {cap}. Lower the operator {direction} fee to at most {max}.',
    'cap.super':
      'The {direction} fee would be {total} (super {super} + operator {operator}), above the cap of {cap}. Lower the operator {direction} fee of that machine first, or the super fee to at most {max}.',
    'cap.super.machine':
      'The {direction} fee on machine "{machine}" would be {total} (super {super} + operator {operator}), above the cap of {cap}. Lower the operator {direction} fee of that machine first, or the super fee to at most {max}.',
    platform_only:
      "Only the platform sets the platform fee. This app is not signing with the platform's key, so the fee comes from the platform's signed config and is read-only here.",
  },
  {
    'cap.operator':
      'La comisión de {direction} sería de {total} (plataforma {super} + operador {operator}), por encima del tope de {cap}. Baje la comisión de {direction} del operador a {max} como máximo.',
    'cap.operator.machine':
      'La comisión de {direction} del cajero "{machine}" sería de {total} (plataforma {super} + operador {operator}), por encima del tope de {cap}. Baje la comisión de {direction} del operador a {max} como máximo.',
    'cap.super':
      'La comisión de {direction} sería de {total} (plataforma {super} + operador {operator}), por encima del tope de {cap}. Primero baje la comisión de {direction} del operador de ese cajero, o baje la comisión de la plataforma a {max} como máximo.',
    'cap.super.machine':
      'La comisión de {direction} del cajero "{machine}" sería de {total} (plataforma {super} + operador {operator}), por encima del tope de {cap}. Primero baje la comisión de {direction} del operador de ese cajero, o baje la comisión de la plataforma a {max} como máximo.',
    platform_only:
      'Solo la plataforma fija la comisión de la plataforma. Esta aplicación no firma con la clave de la plataforma, así que la comisión viene de la configuración firmada por la plataforma y aquí es de solo lectura.',
  },
)

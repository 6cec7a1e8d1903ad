import { defineCatalog } from './define'

/** The core's refusals about commission split rulesets (English, then Spanish); a `….issue` is a field problem. */
export default defineCatalog(
  {
    sum: 'The fractions sum to {total}; they must sum to exactly 1.0000. Nothing was changed.',
    'sum.issue': 'fractions sum to {total}, not 1.0000',
    'default.names_lp':
      "The operator default ruleset applies to every machine, so it cannot name one machine's LP; use an external destination, or set a per-machine override.",
    'default.names_lp.issue': 'is not allowed in the default ruleset',
    'leg.not_this_machine': "Leg {leg} names an LP that is not one of this machine's.",
    'leg.not_this_machine.issue': 'is not an LP of this machine',
    'leg.no_destination': 'Leg {leg} names an LP without a payout destination.',
    'leg.no_destination.issue': 'has no payout destination',
    'leg.twice': 'Leg {leg} names the same LP twice; merge them into one leg.',
    'leg.twice.issue': 'appears twice',
    'leg.saved_missing':
      'Leg {leg} keeps the destination of saved leg {saved}, but the saved ruleset no longer has that destination there: it was changed meanwhile. Reload the ruleset and edit it again. Nothing was changed.',
    'leg.saved_missing.issue': 'is not that destination in the saved ruleset any more',
    'leg.saved_twice': 'Leg {leg} keeps the destination of saved leg {saved}, which another leg keeps already; merge them into one leg.',
    'leg.saved_twice.issue': 'is kept by another leg already',
  },
  {
    sum: 'Las fracciones suman {total}; deben sumar exactamente 1.0000. No se cambió nada.',
    'sum.issue': 'las fracciones suman {total}, no 1.0000',
    'default.names_lp':
      'El conjunto de reglas predeterminado del operador se aplica a todos los cajeros, así que no puede nombrar al proveedor de un solo cajero; use un destino externo o defina una excepción para ese cajero.',
    'default.names_lp.issue': 'no se admite en el conjunto de reglas predeterminado',
    'leg.not_this_machine': 'El tramo {leg} nombra a un proveedor que no es de este cajero.',
    'leg.not_this_machine.issue': 'no es un proveedor de este cajero',
    'leg.no_destination': 'El tramo {leg} nombra a un proveedor sin destino de pago.',
    'leg.no_destination.issue': 'no tiene destino de pago',
    'leg.twice': 'El tramo {leg} nombra dos veces al mismo proveedor; únalos en un solo tramo.',
    'leg.twice.issue': 'aparece dos veces',
    'leg.saved_missing':
      'El tramo {leg} conserva el destino del tramo guardado {saved}, pero el conjunto de reglas guardado ya no tiene ese destino ahí: se cambió mientras tanto. Vuelva a cargar el conjunto de reglas y edítelo otra vez. No se cambió nada.',
    'leg.saved_missing.issue': 'ya no es ese destino en el conjunto de reglas guardado',
    'leg.saved_twice':
      'El tramo {leg} conserva el destino del tramo guardado {saved}, que ya conserva otro tramo; únalos en un solo tramo.',
    'leg.saved_twice.issue': 'ya lo conserva otro tramo',
  },
)

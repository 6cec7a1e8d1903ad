import { defineCatalog } from './define'

/** The core's refusals about destinations (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    no_lnbits: 'An LNbits key can only be checked against a bound LNbits: bind a wallet first (wallets.bind).',
    not_now: 'The destination could not be checked now: {reason}. Check the network and try again; nothing was judged or changed.',
    no_destination: 'LP "{name}" has no payout destination to verify.',
  },
  {
    no_lnbits: 'Una clave de LNbits solo se puede verificar con un LNbits vinculado: primero vincule una billetera (wallets.bind).',
    not_now: 'El destino no se pudo verificar ahora: {reason}. Revise la red e intente de nuevo; no se evaluó ni se cambió nada.',
    no_destination: 'El proveedor "{name}" no tiene un destino de pago que verificar.',
  },
)

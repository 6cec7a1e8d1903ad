import { defineCatalog } from './define'

/** The core's refusals about LPs and their balance settlements (English, then Spanish); a `….issue` is a field problem. */
export default defineCatalog(
  {
    not_found: 'No LP with id {id}.',
    'destination.balance_remaining':
      'This LP still has a remaining balance of {amount} to receive as sats: give them a new destination instead of removing it.',
    'destination.balance_remaining.issue': 'cannot be removed while the LP has a remaining balance',
    'delete.has_history':
      'LP "{name}" has {deposits} deposit(s) and {legs} payment or split record(s); an LP with history is kept. Set its status to inactive instead.',
    'settle.no_destination': 'LP "{name}" has no payout destination; add one first.',
    'settle.no_destination.issue': 'has no payout destination',
    'settle.not_funding_wallet': 'Balance settlements are paid from a funding wallet, not a machine wallet.',
    'settle.not_funding_wallet.issue': 'is not a funding wallet',
    'settle.unresolved': 'An earlier balance settlement of "{name}" ({id}) is still unresolved at LNbits; try again later.',
    'settle.nothing_remaining': 'LP "{name}" has no remaining balance to settle.',
    'settle.below_one_sat': '{amount} at {rate} sats per {currency} is less than one sat.',
    'settle.below_one_sat.issue': 'gives less than one sat',
  },
  {
    not_found: 'No hay ningún proveedor con el id {id}.',
    'destination.balance_remaining':
      'Este proveedor todavía tiene un saldo restante de {amount} por recibir en sats: asígnele un destino nuevo en lugar de quitarlo.',
    'destination.balance_remaining.issue': 'no se puede quitar mientras el proveedor tenga saldo restante',
    'delete.has_history':
      'El proveedor "{name}" tiene {deposits} depósito(s) y {legs} registro(s) de pago o de reparto; un proveedor con historial se conserva. En su lugar, cambie su estado a inactivo.',
    'settle.no_destination': 'El proveedor "{name}" no tiene destino de pago; agregue uno primero.',
    'settle.no_destination.issue': 'no tiene destino de pago',
    'settle.not_funding_wallet': 'Las liquidaciones de saldo se pagan desde una billetera de fondeo, no desde una billetera de cajero.',
    'settle.not_funding_wallet.issue': 'no es una billetera de fondeo',
    'settle.unresolved': 'Una liquidación de saldo anterior de "{name}" ({id}) sigue sin resolverse en LNbits; intente de nuevo más tarde.',
    'settle.nothing_remaining': 'El proveedor "{name}" no tiene saldo restante por liquidar.',
    'settle.below_one_sat': '{amount} a {rate} sats por {currency} es menos de un sat.',
    'settle.below_one_sat.issue': 'da menos de un sat',
  },
)

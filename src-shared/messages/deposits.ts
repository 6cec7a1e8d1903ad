import { defineCatalog } from './define'

/**
 * The core's refusals about deposits (English, then Spanish); a `….issue` is a field problem.
 * A deposit's status and the action refused are words of the sentence, so each pair has its key
 * (`not_pending.<status>.<action>`), not a parameter.
 */
export default defineCatalog(
  {
    not_found: 'No deposit with id {id}.',
    changed_meanwhile: 'The deposit changed meanwhile; reload and try again.',
    'not_pending.confirmed.edited':
      'This deposit is confirmed; only a pending deposit can be edited. Record a new deposit to correct a confirmed one.',
    'not_pending.confirmed.confirmed':
      'This deposit is confirmed; only a pending deposit can be confirmed. Record a new deposit to correct a confirmed one.',
    'not_pending.confirmed.cancelled':
      'This deposit is confirmed; only a pending deposit can be cancelled. Record a new deposit to correct a confirmed one.',
    'not_pending.confirmed.deleted':
      'This deposit is confirmed; only a pending deposit can be deleted. Record a new deposit to correct a confirmed one.',
    'not_pending.cancelled.edited':
      'This deposit is cancelled; only a pending deposit can be edited. Record a new deposit to correct a confirmed one.',
    'not_pending.cancelled.confirmed':
      'This deposit is cancelled; only a pending deposit can be confirmed. Record a new deposit to correct a confirmed one.',
    'not_pending.cancelled.cancelled':
      'This deposit is cancelled; only a pending deposit can be cancelled. Record a new deposit to correct a confirmed one.',
    'not_pending.cancelled.deleted':
      'This deposit is cancelled; only a pending deposit can be deleted. Record a new deposit to correct a confirmed one.',
    'not_pending.reversed.edited':
      'This deposit is reversed; only a pending deposit can be edited. Record a new deposit to correct a confirmed one.',
    'not_pending.reversed.confirmed':
      'This deposit is reversed; only a pending deposit can be confirmed. Record a new deposit to correct a confirmed one.',
    'not_pending.reversed.cancelled':
      'This deposit is reversed; only a pending deposit can be cancelled. Record a new deposit to correct a confirmed one.',
    'not_pending.reversed.deleted':
      'This deposit is reversed; only a pending deposit can be deleted. Record a new deposit to correct a confirmed one.',
    'not_confirmed.pending':
      'This deposit is pending; only a confirmed deposit is reversed (a pending one is edited, cancelled or deleted).',
    'not_confirmed.cancelled':
      'This deposit is cancelled; only a confirmed deposit is reversed (a pending one is edited, cancelled or deleted).',
    'not_confirmed.reversed':
      'This deposit is reversed; only a confirmed deposit is reversed (a pending one is edited, cancelled or deleted).',
    'lp.other_machine': 'LP "{lp}" belongs to another machine, not "{machine}".',
    'lp.other_machine.issue': "is not this LP's machine",
    'lp.inactive':
      'LP "{name}" is inactive: an inactive LP takes no new deposits (what they have left keeps receiving DCA until it is zero or settled). Activate them first to record a deposit.',
    'lp.inactive.issue': 'is inactive',
    'lp.not_onboarded':
      'LP "{name}" is not onboarded: they have no payout destination yet, so sats bought with this deposit would have nowhere to go. Add their Lightning address, LNURL or LNbits key.',
    'lp.not_onboarded.issue': 'is not onboarded (no payout destination)',
    'reverse.short':
      'LP "{name}" has {remaining} left of their balance, {short} short of this deposit\'s {amount}: that much already went to them as sats, which cannot be taken back. Nothing was changed; settle the difference with the LP directly.',
    'reverse.short.issue': "the LP's remaining balance is {short} short",
  },
  {
    not_found: 'No hay ningún depósito con el id {id}.',
    changed_meanwhile: 'El depósito cambió mientras tanto; vuelva a cargar e intente de nuevo.',
    'not_pending.confirmed.edited':
      'Este depósito está confirmado; solo un depósito pendiente se puede editar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.confirmed.confirmed':
      'Este depósito ya está confirmado; solo un depósito pendiente se puede confirmar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.confirmed.cancelled':
      'Este depósito está confirmado; solo un depósito pendiente se puede cancelar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.confirmed.deleted':
      'Este depósito está confirmado; solo un depósito pendiente se puede eliminar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.cancelled.edited':
      'Este depósito está cancelado; solo un depósito pendiente se puede editar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.cancelled.confirmed':
      'Este depósito está cancelado; solo un depósito pendiente se puede confirmar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.cancelled.cancelled':
      'Este depósito ya está cancelado; solo un depósito pendiente se puede cancelar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.cancelled.deleted':
      'Este depósito está cancelado; solo un depósito pendiente se puede eliminar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.reversed.edited':
      'Este depósito está revertido; solo un depósito pendiente se puede editar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.reversed.confirmed':
      'Este depósito está revertido; solo un depósito pendiente se puede confirmar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.reversed.cancelled':
      'Este depósito está revertido; solo un depósito pendiente se puede cancelar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_pending.reversed.deleted':
      'Este depósito está revertido; solo un depósito pendiente se puede eliminar. Para corregir un depósito confirmado, registre uno nuevo.',
    'not_confirmed.pending':
      'Este depósito está pendiente; solo se revierte un depósito confirmado (uno pendiente se edita, se cancela o se elimina).',
    'not_confirmed.cancelled':
      'Este depósito está cancelado; solo se revierte un depósito confirmado (uno pendiente se edita, se cancela o se elimina).',
    'not_confirmed.reversed':
      'Este depósito ya está revertido; solo se revierte un depósito confirmado (uno pendiente se edita, se cancela o se elimina).',
    'lp.other_machine': 'El proveedor "{lp}" pertenece a otro cajero, no a "{machine}".',
    'lp.other_machine.issue': 'no es el cajero de este proveedor',
    'lp.inactive':
      'El proveedor "{name}" está inactivo: un proveedor inactivo no recibe depósitos nuevos (lo que le queda sigue recibiendo DCA hasta llegar a cero o hasta que se liquide). Actívelo primero para registrar un depósito.',
    'lp.inactive.issue': 'está inactivo',
    'lp.not_onboarded':
      'El proveedor "{name}" no está incorporado: aún no tiene destino de pago, así que los sats comprados con este depósito no tendrían a dónde ir. Agregue su dirección Lightning, LNURL o clave de LNbits.',
    'lp.not_onboarded.issue': 'no está incorporado (sin destino de pago)',
    'reverse.short':
      'Al proveedor "{name}" le quedan {remaining} de su saldo, {short} menos que los {amount} de este depósito: esa diferencia ya se le pagó en sats, que no se pueden recuperar. No se cambió nada; liquide la diferencia directamente con el proveedor.',
    'reverse.short.issue': 'al saldo restante del proveedor le faltan {short}',
  },
)

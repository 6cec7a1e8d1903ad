import { defineCatalog } from './define'

/**
 * The core's refusals about settlements (English, then Spanish); a `….issue` is a field problem,
 * said after the field's name. A settlement's status is a word of the sentence, so each status a
 * refusal can name has its key (`<what>.status.<status>`), not a parameter.
 */
export default defineCatalog(
  {
    not_found: 'No settlement with id {id}.',
    changed_meanwhile: 'The settlement changed meanwhile; reload it.',
    'txid.taken': 'Machine "{machine}" already has a settlement for txid {txid} ({id}).',
    'txid.taken.issue': 'is already recorded for this machine',
    'payment_hash.taken': 'Payment {payment_hash} already has a settlement ({id}).',
    'payment_hash.taken.issue': 'already has a settlement',

    'dispensed.one_of': 'Give exactly one of dispensed_fraction or dispensed_sats.',
    'dispensed.one_of.issue': 'give this or dispensed_fraction, not both',
    'dispensed.range':
      'The dispensed sats must be more than 0 and at most {max}; got {got}. For nothing dispensed, void the settlement (settlements.void) with the reason.',
    'dispensed.range.issue': 'must give between 1 and {max} sats',
    'dispensed.fraction': 'dispensed_fraction {reason}',

    'partial.cash_in': 'Only a cash-out dispenses cash; a cash-in cannot be partially dispensed.',
    'partial.status.processing': 'The settlement is processing; a partial dispense applies to a pending or errored settlement.',
    'partial.status.completed': 'The settlement is completed; a partial dispense applies to a pending or errored settlement.',
    'partial.status.rejected': 'The settlement is rejected; a partial dispense applies to a pending or errored settlement.',
    'partial.status.voided': 'The settlement is voided; a partial dispense applies to a pending or errored settlement.',
    'partial.moving':
      "{count} payment(s) of this settlement already went out or may have ({legs}); Lightning payments cannot be clawed back, so it cannot be re-planned. What the ATM did not dispense is the customer's: refund them from the machine wallet, and note it on the settlement.",

    'force_reset.status.completed': 'The settlement is completed; only a pending or processing settlement can be force-reset.',
    'force_reset.status.errored': 'The settlement is errored; only a pending or processing settlement can be force-reset.',
    'force_reset.status.rejected': 'The settlement is rejected; only a pending or processing settlement can be force-reset.',
    'force_reset.status.voided': 'The settlement is voided; only a pending or processing settlement can be force-reset.',
    'force_reset.young.pending':
      'The settlement has been pending for only {minutes} minutes (threshold {threshold}); it may still be running. Try again later.',
    'force_reset.young.processing':
      'The settlement has been processing for only {minutes} minutes (threshold {threshold}); it may still be running. Try again later.',

    'void.status.processing': 'The settlement is processing; only a pending or errored settlement can be voided.',
    'void.status.completed': 'The settlement is completed; only a pending or errored settlement can be voided.',
    'void.status.rejected': 'The settlement is rejected; only a pending or errored settlement can be voided.',
    'void.status.voided': 'The settlement is voided; only a pending or errored settlement can be voided.',
    'void.moving':
      '{count} payment(s) of this settlement already went out or may have ({legs}); Lightning payments cannot be clawed back, so it cannot be voided. Retry it to finish paying.',

    'process.status.processing': 'The settlement is processing, not pending. Use settlements.retry for an errored one.',
    'process.status.completed': 'The settlement is completed, not pending. Use settlements.retry for an errored one.',
    'process.status.errored': 'The settlement is errored, not pending. Use settlements.retry for an errored one.',
    'process.status.rejected': 'The settlement is rejected, not pending. Use settlements.retry for an errored one.',
    'process.status.voided': 'The settlement is voided, not pending. Use settlements.retry for an errored one.',

    'retry.status.pending': 'The settlement is pending; only an errored settlement is retried.',
    'retry.status.processing': 'The settlement is processing; only an errored settlement is retried.',
    'retry.status.completed': 'The settlement is completed; only an errored settlement is retried.',
    'retry.status.rejected': 'The settlement is rejected; only an errored settlement is retried.',
    'retry.status.voided': 'The settlement is voided; only an errored settlement is retried.',
  },
  {
    not_found: 'No hay ninguna liquidación con el id {id}.',
    changed_meanwhile: 'La liquidación cambió mientras tanto; vuelva a cargarla.',
    'txid.taken': 'El cajero "{machine}" ya tiene una liquidación para la transacción {txid} ({id}).',
    'txid.taken.issue': 'ya está registrado para este cajero',
    'payment_hash.taken': 'El pago {payment_hash} ya tiene una liquidación ({id}).',
    'payment_hash.taken.issue': 'ya tiene una liquidación',

    'dispensed.one_of': 'Indique exactamente uno de dispensed_fraction o dispensed_sats.',
    'dispensed.one_of.issue': 'indique este o dispensed_fraction, no ambos',
    'dispensed.range':
      'Los sats dispensados deben ser más de 0 y como máximo {max}; se indicó {got}. Si no se dispensó nada, anule la liquidación (settlements.void) indicando el motivo.',
    'dispensed.range.issue': 'debe ser de entre 1 y {max} sats',
    'dispensed.fraction': 'dispensed_fraction no es válido: {reason}',

    'partial.cash_in':
      'Solo un retiro de efectivo dispensa efectivo; a un ingreso de efectivo no se le puede aplicar un dispensado parcial.',
    'partial.status.processing': 'La liquidación está en proceso; un dispensado parcial se aplica a una liquidación pendiente o con error.',
    'partial.status.completed': 'La liquidación está completada; un dispensado parcial se aplica a una liquidación pendiente o con error.',
    'partial.status.rejected': 'La liquidación está rechazada; un dispensado parcial se aplica a una liquidación pendiente o con error.',
    'partial.status.voided': 'La liquidación está anulada; un dispensado parcial se aplica a una liquidación pendiente o con error.',
    'partial.moving':
      '{count} pago(s) de esta liquidación ya salieron o pudieron haber salido ({legs}); los pagos Lightning no se pueden revertir, así que no se puede volver a planificar. Lo que el cajero no dispensó le pertenece al cliente: reembólselo desde la billetera del cajero y déjelo anotado en la liquidación.',

    'force_reset.status.completed':
      'La liquidación está completada; solo se puede forzar el reinicio de una liquidación pendiente o en proceso.',
    'force_reset.status.errored':
      'La liquidación tiene un error; solo se puede forzar el reinicio de una liquidación pendiente o en proceso.',
    'force_reset.status.rejected':
      'La liquidación está rechazada; solo se puede forzar el reinicio de una liquidación pendiente o en proceso.',
    'force_reset.status.voided': 'La liquidación está anulada; solo se puede forzar el reinicio de una liquidación pendiente o en proceso.',
    'force_reset.young.pending':
      'La liquidación lleva solo {minutes} minutos pendiente (umbral: {threshold}); es posible que aún se esté ejecutando. Intente de nuevo más tarde.',
    'force_reset.young.processing':
      'La liquidación lleva solo {minutes} minutos en proceso (umbral: {threshold}); es posible que aún se esté ejecutando. Intente de nuevo más tarde.',

    'void.status.processing': 'La liquidación está en proceso; solo se puede anular una liquidación pendiente o con error.',
    'void.status.completed': 'La liquidación está completada; solo se puede anular una liquidación pendiente o con error.',
    'void.status.rejected': 'La liquidación está rechazada; solo se puede anular una liquidación pendiente o con error.',
    'void.status.voided': 'La liquidación ya está anulada; solo se puede anular una liquidación pendiente o con error.',
    'void.moving':
      '{count} pago(s) de esta liquidación ya salieron o pudieron haber salido ({legs}); los pagos Lightning no se pueden revertir, así que no se puede anular. Reinténtela para terminar de pagar.',

    'process.status.processing':
      'La liquidación no está pendiente: está en proceso. Para una liquidación con error, use settlements.retry.',
    'process.status.completed': 'La liquidación no está pendiente: está completada. Para una liquidación con error, use settlements.retry.',
    'process.status.errored': 'La liquidación no está pendiente: tiene un error. Para una liquidación con error, use settlements.retry.',
    'process.status.rejected': 'La liquidación no está pendiente: está rechazada. Para una liquidación con error, use settlements.retry.',
    'process.status.voided': 'La liquidación no está pendiente: está anulada. Para una liquidación con error, use settlements.retry.',

    'retry.status.pending': 'La liquidación está pendiente; solo se reintenta una liquidación con error.',
    'retry.status.processing': 'La liquidación está en proceso; solo se reintenta una liquidación con error.',
    'retry.status.completed': 'La liquidación está completada; solo se reintenta una liquidación con error.',
    'retry.status.rejected': 'La liquidación está rechazada; solo se reintenta una liquidación con error.',
    'retry.status.voided': 'La liquidación está anulada; solo se reintenta una liquidación con error.',
  },
)

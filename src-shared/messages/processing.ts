import { defineCatalog } from './define'

/**
 * The core's refusals about processing (English, then Spanish); a `….issue` is a field problem,
 * said after the field's name. A `{reason}` is another part's own sentence (the payer's, the data
 * key's, or the reason the switch was paused with), said as it came.
 */
export default defineCatalog(
  {
    no_payer: 'No payer is configured. Nothing was processed.',
    locked: "The ledger's secrets are locked. Nothing was processed.",
    nothing_processed: '{reason} Nothing was processed.',

    // the switch is paused: who paused it and when, as far as it is known, and why when said
    paused: 'Processing is paused. Resume it first (processing.resume).',
    'paused.reason': 'Processing is paused: {reason}. Resume it first (processing.resume).',
    'paused.by': 'Processing is paused (by {by}). Resume it first (processing.resume).',
    'paused.by.reason': 'Processing is paused (by {by}): {reason}. Resume it first (processing.resume).',
    'paused.at': 'Processing is paused (at {at}). Resume it first (processing.resume).',
    'paused.at.reason': 'Processing is paused (at {at}): {reason}. Resume it first (processing.resume).',
    'paused.by_at': 'Processing is paused (by {by} at {at}). Resume it first (processing.resume).',
    'paused.by_at.reason': 'Processing is paused (by {by} at {at}): {reason}. Resume it first (processing.resume).',

    'restore.not_reconciled':
      'This ledger was restored from a backup ({restored_at}) and LNbits has not been reconciled since: run a reconciliation first (satop reconcile, or reconcile.run). It shows every payout made after the backup that this ledger does not know.',
    'restore.unread.one': 'The last reconciliation could not read a wallet: reconcile again once LNbits answers, before resuming.',
    'restore.unread.many': 'The last reconciliation could not read {count} wallets: reconcile again once LNbits answers, before resuming.',
    'restore.unknown.one':
      'The last reconciliation found 1 payout LNbits made that this restored ledger does not know or has not completed: resuming could pay them again. Restore a newer backup if you have one; resume with override_restore_check only once you have checked each.',
    'restore.unknown.many':
      'The last reconciliation found {count} payouts LNbits made that this restored ledger does not know or has not completed: resuming could pay them again. Restore a newer backup if you have one; resume with override_restore_check only once you have checked each.',
  },
  {
    no_payer: 'No hay ningún pagador configurado. No se procesó nada.',
    locked: 'Los secretos del libro contable están bloqueados. No se procesó nada.',
    nothing_processed: '{reason} No se procesó nada.',

    paused: 'El procesamiento está en pausa. Reanúdelo primero (processing.resume).',
    'paused.reason': 'El procesamiento está en pausa: {reason}. Reanúdelo primero (processing.resume).',
    'paused.by': 'El procesamiento está en pausa (lo pausó {by}). Reanúdelo primero (processing.resume).',
    'paused.by.reason': 'El procesamiento está en pausa (lo pausó {by}): {reason}. Reanúdelo primero (processing.resume).',
    'paused.at': 'El procesamiento está en pausa (desde {at}). Reanúdelo primero (processing.resume).',
    'paused.at.reason': 'El procesamiento está en pausa (desde {at}): {reason}. Reanúdelo primero (processing.resume).',
    'paused.by_at': 'El procesamiento está en pausa (lo pausó {by} el {at}). Reanúdelo primero (processing.resume).',
    'paused.by_at.reason': 'El procesamiento está en pausa (lo pausó {by} el {at}): {reason}. Reanúdelo primero (processing.resume).',

    'restore.not_reconciled':
      'Este libro contable se restauró desde una copia de seguridad ({restored_at}) y LNbits no se ha conciliado desde entonces: primero haga una conciliación (satop reconcile, o reconcile.run). Esta muestra cada pago hecho después de la copia de seguridad que este libro contable no conoce.',
    'restore.unread.one':
      'La última conciliación no pudo leer una billetera: vuelva a conciliar cuando LNbits responda, antes de reanudar.',
    'restore.unread.many':
      'La última conciliación no pudo leer {count} billeteras: vuelva a conciliar cuando LNbits responda, antes de reanudar.',
    'restore.unknown.one':
      'La última conciliación encontró 1 pago hecho por LNbits que este libro contable restaurado no conoce o no ha completado: reanudar podría pagarlo otra vez. Si tiene una copia de seguridad más reciente, restáurela; reanude con override_restore_check solo cuando haya revisado cada pago.',
    'restore.unknown.many':
      'La última conciliación encontró {count} pagos hechos por LNbits que este libro contable restaurado no conoce o no ha completado: reanudar podría pagarlos otra vez. Si tiene una copia de seguridad más reciente, restáurela; reanude con override_restore_check solo cuando haya revisado cada uno.',
  },
)

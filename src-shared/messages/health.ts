import { defineCatalog } from './define'

/**
 * The core's words for health (English, then Spanish): the title, detail and action of each
 * check (src-main/core/health/checks.ts), keyed `<check>.<case>.<part>`. A count picks its key
 * in the core: `.one` / `.other`; two counts in one sentence, one suffix each, in the order
 * they are said (`legs.stuck.detail.<in flight>.<failed>`). `{error}`, `{reason}`, `{relays}` and
 * `{where}` carry text from outside the catalog (LNbits, a relay, the data key, the audit log) as
 * it came; `{at}` and `{since}` are ISO times.
 */
export default defineCatalog(
  {
    error: '{error}',

    'processing.paused.title': 'Payouts are paused',
    'processing.paused.detail': 'Paused by {by}: no sale is read and nothing is paid.',
    'processing.paused.detail.reason': 'Paused by {by} ({reason}): no sale is read and nothing is paid.',
    'processing.paused.detail.someone': 'Paused by someone: no sale is read and nothing is paid.',
    'processing.paused.detail.someone.reason': 'Paused by someone ({reason}): no sale is read and nothing is paid.',
    'processing.paused.action': 'Resume from the switch in the header once the cause is fixed (first "one settlement", to look).',
    'processing.running.title': 'Payouts run',
    'processing.running.detail': 'Sales are read and paid as they come.',

    'machine.unbound.title': '{machine}: no wallet bound',
    'machine.unbound.detail': 'Its sales are not read and nothing is paid for them.',
    'machine.unbound.action': "Bind the machine's LNbits wallet (Settings → LNbits wallets).",
    'machine.refused.title': '{machine}: LNbits refused the wallet',
    'machine.refused.detail': 'The last test of its keys failed.',
    'machine.refused.action': 'Test the wallet again; if its keys were reset in LNbits, rotate them (Settings → LNbits wallets).',
    'machine.unreadable.title': '{machine}: its wallet could not be read',
    'machine.unreadable.action':
      'Check that LNbits is running and reachable; nothing is missed, the next sync reads from where it stopped.',
    'machine.unread.title': '{machine}: not read yet',
    'machine.unread.detail': 'Its wallet has not been read since it was bound.',
    'machine.unread.action': 'Sync now (Settlements).',
    'machine.stale.title': '{machine}: not read for a while',
    'machine.stale.detail': 'Its wallet was last read {at}, more than {minutes} minutes ago.',
    'machine.stale.action': 'Is the app syncing? Sync now, and check that payouts are not paused.',
    'machine.read.title': '{machine}: wallet read',
    'machine.read.detail': 'Last read {at}.',

    'secrets.locked.title': "The ledger's secrets are locked",
    'secrets.locked.detail': 'No sale is read and nothing is paid until they open.',
    'secrets.locked.detail.reason': 'No sale is read and nothing is paid until they open. {reason}',
    'secrets.locked.action.passphrase': 'Unlock them with your passphrase (Settings → Stored keys).',
    'secrets.locked.action.keychain': 'Open this data folder with the desktop app (or its --cli), where the keychain is.',
    'secrets.locked.action.restore':
      'Restore a sealed backup file (Settings → Backups): it carries the data key. The runbook covers a lost data key.',
    'secrets.unprotected.title': 'The LNbits keys are not protected at rest',
    'secrets.unprotected.detail':
      'The data key that seals them lies unwrapped beside the ledger: whoever copies the data folder can read them.',
    'secrets.unprotected.action.keychain': 'Wrap it with the OS keychain or a passphrase (Settings → Stored keys).',
    'secrets.unprotected.action.passphrase': 'There is no OS keychain here: choose a passphrase (Settings → Stored keys).',
    'secrets.protected.title': 'Secrets protected',
    'secrets.protected.detail.os': 'The data key is wrapped by the OS keychain.',
    'secrets.protected.detail.passphrase': 'The data key is wrapped by your passphrase.',

    'signer.none.title': 'No signer',
    'signer.none.detail': 'Fee configs and cassette counts for the ATMs wait in the outbox until there is one.',
    'signer.none.action': 'Create or import a key, or connect your phone (Settings → Your Nostr signer).',
    'signer.unready.detail': 'What the ATMs must receive waits in the outbox.',
    'signer.locked.title': 'The signer is locked',
    'signer.locked.action': 'Unlock it with its passphrase (Settings → Your Nostr signer).',
    'signer.away.title': 'The phone signer is away',
    'signer.away.action': 'Open the signer app on your phone, or connect it again.',
    'signer.ready.title': 'Signer ready',
    'signer.ready.detail': 'Signing as {npub}.',

    'relays.none.title': 'No relay',
    'relays.none.detail': 'The app cannot reach your ATMs or the platform.',
    'relays.none.action': 'Add a relay your ATMs use (Settings → Relays).',
    'relays.ok.title': 'Relays reachable',
    'relays.ok.detail.one': '{n} relay in use.',
    'relays.ok.detail.other': '{n} relays in use.',
    'relays.down.title.all': 'No relay answers',
    'relays.down.title.one': '{n} relay not answering',
    'relays.down.title.other': '{n} relays not answering',
    'relays.down.detail': '{relays}',
    'relays.down.action': 'Check the network; the app tries again by itself, and what waits stays in the outbox.',

    'outbox.ok.title': 'Outbox sent',
    'outbox.ok.detail': 'Nothing has waited more than 15 minutes.',
    'outbox.waiting.title': 'The outbox is waiting',
    'outbox.waiting.detail': 'Its oldest message has waited since {since}: an ATM may not have its fees or cassette counts.',
    'outbox.waiting.action': 'Check the signer and the relays (Settings).',

    'legs.ok.title': 'Payouts moving',
    'legs.ok.detail': 'No leg has been in flight or failed for more than {minutes} minutes.',
    'legs.stuck.title': 'Payouts stuck',
    'legs.stuck.detail.one.one': '{in_flight} leg in flight and {failed} leg failed for more than {minutes} minutes.',
    'legs.stuck.detail.one.other': '{in_flight} leg in flight and {failed} legs failed for more than {minutes} minutes.',
    'legs.stuck.detail.other.one': '{in_flight} legs in flight and {failed} leg failed for more than {minutes} minutes.',
    'legs.stuck.detail.other.other': '{in_flight} legs in flight and {failed} legs failed for more than {minutes} minutes.',
    'legs.stuck.action':
      'Open the stuck settlements: retry the failed ones after fixing the reason; in-flight ones are asked by their hash on every sync.',

    'settlements.ok.title': 'No settlement waits for you',
    'settlements.ok.detail': 'None errored or rejected.',
    'settlements.waiting.title': 'Settlements wait for you',
    'settlements.waiting.detail.one.one':
      '{errored} errored settlement (retry after fixing the reason) and {rejected} rejected one (a bad attestation: check it, nothing was paid).',
    'settlements.waiting.detail.one.other':
      '{errored} errored settlement (retry after fixing the reason) and {rejected} rejected ones (a bad attestation: check it, nothing was paid).',
    'settlements.waiting.detail.other.one':
      '{errored} errored settlements (retry after fixing the reason) and {rejected} rejected one (a bad attestation: check it, nothing was paid).',
    'settlements.waiting.detail.other.other':
      '{errored} errored settlements (retry after fixing the reason) and {rejected} rejected ones (a bad attestation: check it, nothing was paid).',
    'settlements.waiting.action': 'Open the stuck worklist on the Settlements page.',

    'deposits.ok.title': 'Deposits confirmed',
    'deposits.ok.detail': 'None has been pending more than {hours} hours.',
    'deposits.pending.title': 'Deposits pending',
    'deposits.pending.detail.one': '{n} deposit pending for more than {hours} hours: that fiat buys nothing until it is confirmed.',
    'deposits.pending.detail.other': '{n} deposits pending for more than {hours} hours: that fiat buys nothing until it is confirmed.',
    'deposits.pending.action': 'Confirm or cancel them (Deposits).',

    'destinations.ok.title': 'Destinations working',
    'destinations.ok.detail': 'No LP with money waiting has a destination that failed its check.',
    'destinations.failed.title': 'LPs not paid: their destination failed',
    'destinations.failed.detail.one': '{names}: money waits for this LP.',
    'destinations.failed.detail.other': '{names}: money waits for these LPs.',
    'destinations.failed.action': 'Fix the destination on the LPs page (or check it again); then retry the settlement.',

    'unattributed.ok.title': 'Every payment accounted for',
    'unattributed.ok.detail': 'No payment waits to be attributed.',
    'unattributed.open.title': 'Payments without an attestation',
    'unattributed.open.detail.one': "{n} payment came into a machine wallet without the ATM's attestation.",
    'unattributed.open.detail.other': "{n} payments came into a machine wallet without the ATM's attestation.",
    'unattributed.open.action': 'Say which sale each was, or set it aside with a reason (Settlements).',

    'reconcile.never.title': 'Never reconciled',
    'reconcile.never.detail': 'The ledger has not been compared with LNbits yet.',
    'reconcile.never.action': 'Run a reconciliation.',
    'reconcile.differs.title': 'The ledger and LNbits differ',
    'reconcile.differs.detail': 'The reconciliation of {at} found mismatches (or could not read a wallet).',
    'reconcile.differs.action': 'Open its report: each finding says what to do.',
    'reconcile.ok.title': 'Ledger matches LNbits',
    'reconcile.ok.detail': 'Last reconciled {at}.',

    'audit.cut.title': 'The audit log was cut or changed',
    'audit.cut.detail': 'It no longer holds entry {seq} as {where} recorded it.',
    'audit.cut.action': 'Verify it (Settings → Audit log) and compare with your backups; restore one if the ledger was tampered with.',
    'audit.ok.title': 'Audit log whole',
    'audit.ok.detail': 'It reaches entry {seq}.',
    'audit.ok.detail.empty': 'Nothing recorded yet.',

    'backup.ok.title': 'Backed up',
    'backup.ok.detail': 'Last backup {at}.',
    'backup.old.title': 'No recent backup',
    'backup.old.detail': 'The last backup is from {at}, more than {hours} hours ago.',
    'backup.never.title': 'Never backed up',
    'backup.never.detail': 'If this laptop is lost, so is the ledger.',
    'backup.action': 'Back up now, and keep a sealed copy on a USB stick (Settings → Backups).',
  },
  {
    error: '{error}',

    'processing.paused.title': 'Los pagos están en pausa',
    'processing.paused.detail': 'Pausados por {by}: no se lee ninguna venta ni se paga nada.',
    'processing.paused.detail.reason': 'Pausados por {by} ({reason}): no se lee ninguna venta ni se paga nada.',
    'processing.paused.detail.someone': 'Alguien los pausó: no se lee ninguna venta ni se paga nada.',
    'processing.paused.detail.someone.reason': 'Alguien los pausó ({reason}): no se lee ninguna venta ni se paga nada.',
    'processing.paused.action':
      'Reanúdelos con el interruptor del encabezado una vez resuelta la causa (primero una sola liquidación, para revisarla).',
    'processing.running.title': 'Los pagos están activos',
    'processing.running.detail': 'Las ventas se leen y se pagan a medida que llegan.',

    'machine.unbound.title': '{machine}: sin billetera vinculada',
    'machine.unbound.detail': 'Sus ventas no se leen y no se paga nada por ellas.',
    'machine.unbound.action': 'Vincule la billetera LNbits del cajero (Configuración → Billeteras LNbits).',
    'machine.refused.title': '{machine}: LNbits rechazó la billetera',
    'machine.refused.detail': 'La última prueba de sus claves falló.',
    'machine.refused.action':
      'Pruebe la billetera de nuevo; si sus claves se restablecieron en LNbits, rótelas (Configuración → Billeteras LNbits).',
    'machine.unreadable.title': '{machine}: no se pudo leer su billetera',
    'machine.unreadable.action':
      'Revise que LNbits esté en ejecución y accesible; no se pierde nada: la próxima sincronización lee desde donde se detuvo.',
    'machine.unread.title': '{machine}: aún no se ha leído',
    'machine.unread.detail': 'Su billetera no se ha leído desde que se vinculó.',
    'machine.unread.action': 'Sincronice ahora (Liquidaciones).',
    'machine.stale.title': '{machine}: sin leer desde hace un rato',
    'machine.stale.detail': 'Su billetera se leyó por última vez el {at}, hace más de {minutes} minutos.',
    'machine.stale.action': '¿Se está sincronizando la aplicación? Sincronice ahora y revise que los pagos no estén en pausa.',
    'machine.read.title': '{machine}: billetera leída',
    'machine.read.detail': 'Última lectura: {at}.',

    'secrets.locked.title': 'Los secretos del libro contable están bloqueados',
    'secrets.locked.detail': 'No se lee ninguna venta ni se paga nada hasta que se desbloqueen.',
    'secrets.locked.detail.reason': 'No se lee ninguna venta ni se paga nada hasta que se desbloqueen. {reason}',
    'secrets.locked.action.passphrase': 'Desbloquéelos con su frase de contraseña (Configuración → Claves guardadas).',
    'secrets.locked.action.keychain':
      'Abra esta carpeta de datos con la aplicación de escritorio (o su --cli), donde está el llavero del sistema.',
    'secrets.locked.action.restore':
      'Restaure un archivo de copia de seguridad sellado (Configuración → Copias de seguridad): contiene la clave de datos. El manual de operación explica qué hacer si se perdió la clave de datos.',
    'secrets.unprotected.title': 'Las claves de LNbits no están protegidas en reposo',
    'secrets.unprotected.detail':
      'La clave de datos que las sella está sin proteger junto al libro contable: quien copie la carpeta de datos puede leerlas.',
    'secrets.unprotected.action.keychain':
      'Protéjala con el llavero del sistema o con una frase de contraseña (Configuración → Claves guardadas).',
    'secrets.unprotected.action.passphrase':
      'Aquí no hay llavero del sistema: elija una frase de contraseña (Configuración → Claves guardadas).',
    'secrets.protected.title': 'Secretos protegidos',
    'secrets.protected.detail.os': 'La clave de datos está protegida por el llavero del sistema.',
    'secrets.protected.detail.passphrase': 'La clave de datos está protegida por su frase de contraseña.',

    'signer.none.title': 'Sin firmante',
    'signer.none.detail':
      'Las configuraciones de comisiones y los conteos de casetes para los cajeros esperan en la bandeja de salida hasta que haya uno.',
    'signer.none.action': 'Cree o importe una clave, o conecte su teléfono (Configuración → Su firmante Nostr).',
    'signer.unready.detail': 'Lo que los cajeros deben recibir espera en la bandeja de salida.',
    'signer.locked.title': 'El firmante está bloqueado',
    'signer.locked.action': 'Desbloquéelo con su frase de contraseña (Configuración → Su firmante Nostr).',
    'signer.away.title': 'El firmante del teléfono no está disponible',
    'signer.away.action': 'Abra la aplicación firmante en su teléfono, o vuelva a conectarlo.',
    'signer.ready.title': 'Firmante listo',
    'signer.ready.detail': 'Firmando como {npub}.',

    'relays.none.title': 'Sin relé',
    'relays.none.detail': 'La aplicación no puede comunicarse con sus cajeros ni con la plataforma.',
    'relays.none.action': 'Agregue un relé que usen sus cajeros (Configuración → Relés).',
    'relays.ok.title': 'Relés accesibles',
    'relays.ok.detail.one': '{n} relé en uso.',
    'relays.ok.detail.other': '{n} relés en uso.',
    'relays.down.title.all': 'Ningún relé responde',
    'relays.down.title.one': '{n} relé no responde',
    'relays.down.title.other': '{n} relés no responden',
    'relays.down.detail': '{relays}',
    'relays.down.action': 'Revise la red; la aplicación vuelve a intentarlo sola y lo que espera se queda en la bandeja de salida.',

    'outbox.ok.title': 'Bandeja de salida enviada',
    'outbox.ok.detail': 'Nada ha esperado más de 15 minutos.',
    'outbox.waiting.title': 'Hay mensajes esperando en la bandeja de salida',
    'outbox.waiting.detail':
      'Su mensaje más antiguo espera desde {since}: puede que un cajero no tenga sus comisiones o sus conteos de casetes.',
    'outbox.waiting.action': 'Revise el firmante y los relés (Configuración).',

    'legs.ok.title': 'Los pagos avanzan',
    'legs.ok.detail': 'Ningún tramo lleva más de {minutes} minutos en curso o fallido.',
    'legs.stuck.title': 'Pagos atascados',
    'legs.stuck.detail.one.one': '{in_flight} tramo en curso y {failed} tramo fallido desde hace más de {minutes} minutos.',
    'legs.stuck.detail.one.other': '{in_flight} tramo en curso y {failed} tramos fallidos desde hace más de {minutes} minutos.',
    'legs.stuck.detail.other.one': '{in_flight} tramos en curso y {failed} tramo fallido desde hace más de {minutes} minutos.',
    'legs.stuck.detail.other.other': '{in_flight} tramos en curso y {failed} tramos fallidos desde hace más de {minutes} minutos.',
    'legs.stuck.action':
      'Abra las liquidaciones atascadas: reintente las fallidas después de corregir la causa; las que están en curso se consultan por su hash en cada sincronización.',

    'settlements.ok.title': 'Ninguna liquidación requiere su atención',
    'settlements.ok.detail': 'Ninguna con error ni rechazada.',
    'settlements.waiting.title': 'Hay liquidaciones que requieren su atención',
    'settlements.waiting.detail.one.one':
      '{errored} liquidación con error (reinténtela después de corregir la causa) y {rejected} rechazada (una atestación inválida: revísela, no se pagó nada).',
    'settlements.waiting.detail.one.other':
      '{errored} liquidación con error (reinténtela después de corregir la causa) y {rejected} rechazadas (atestaciones inválidas: revíselas, no se pagó nada).',
    'settlements.waiting.detail.other.one':
      '{errored} liquidaciones con error (reinténtelas después de corregir la causa) y {rejected} rechazada (una atestación inválida: revísela, no se pagó nada).',
    'settlements.waiting.detail.other.other':
      '{errored} liquidaciones con error (reinténtelas después de corregir la causa) y {rejected} rechazadas (atestaciones inválidas: revíselas, no se pagó nada).',
    'settlements.waiting.action': 'Abra la lista de liquidaciones atascadas en la página Liquidaciones.',

    'deposits.ok.title': 'Depósitos confirmados',
    'deposits.ok.detail': 'Ninguno lleva más de {hours} horas pendiente.',
    'deposits.pending.title': 'Depósitos pendientes',
    'deposits.pending.detail.one':
      '{n} depósito pendiente desde hace más de {hours} horas: ese efectivo no compra nada hasta que se confirme.',
    'deposits.pending.detail.other':
      '{n} depósitos pendientes desde hace más de {hours} horas: ese efectivo no compra nada hasta que se confirme.',
    'deposits.pending.action': 'Confírmelos o cancélelos (Depósitos).',

    'destinations.ok.title': 'Destinos funcionando',
    'destinations.ok.detail': 'Ningún proveedor con dinero en espera tiene un destino que haya fallado su verificación.',
    'destinations.failed.title': 'Proveedores sin pagar: su destino falló',
    'destinations.failed.detail.one': '{names}: hay dinero en espera para este proveedor.',
    'destinations.failed.detail.other': '{names}: hay dinero en espera para estos proveedores.',
    'destinations.failed.action': 'Corrija el destino en la página Proveedores (o verifíquelo de nuevo); luego reintente la liquidación.',

    'unattributed.ok.title': 'Todos los pagos identificados',
    'unattributed.ok.detail': 'Ningún pago espera ser atribuido.',
    'unattributed.open.title': 'Pagos sin atestación',
    'unattributed.open.detail.one': '{n} pago llegó a una billetera de cajero sin la atestación del cajero.',
    'unattributed.open.detail.other': '{n} pagos llegaron a una billetera de cajero sin la atestación del cajero.',
    'unattributed.open.action': 'Indique a qué venta corresponde cada uno, o apártelo con un motivo (Liquidaciones).',

    'reconcile.never.title': 'Nunca conciliado',
    'reconcile.never.detail': 'El libro contable aún no se ha comparado con LNbits.',
    'reconcile.never.action': 'Ejecute una conciliación.',
    'reconcile.differs.title': 'El libro contable y LNbits no coinciden',
    'reconcile.differs.detail': 'La conciliación del {at} encontró diferencias (o no pudo leer una billetera).',
    'reconcile.differs.action': 'Abra su informe: cada hallazgo indica qué hacer.',
    'reconcile.ok.title': 'El libro contable coincide con LNbits',
    'reconcile.ok.detail': 'Última conciliación: {at}.',

    'audit.cut.title': 'El registro de auditoría fue recortado o alterado',
    'audit.cut.detail': 'Ya no contiene la entrada {seq} tal como la registró {where}.',
    'audit.cut.action':
      'Verifíquelo (Configuración → Registro de auditoría) y compárelo con sus copias de seguridad; restaure una si el libro contable fue manipulado.',
    'audit.ok.title': 'Registro de auditoría íntegro',
    'audit.ok.detail': 'Llega hasta la entrada {seq}.',
    'audit.ok.detail.empty': 'Aún no hay nada registrado.',

    'backup.ok.title': 'Copia de seguridad al día',
    'backup.ok.detail': 'Última copia de seguridad: {at}.',
    'backup.old.title': 'Sin copia de seguridad reciente',
    'backup.old.detail': 'La última copia de seguridad es del {at}, hace más de {hours} horas.',
    'backup.never.title': 'Nunca se ha hecho una copia de seguridad',
    'backup.never.detail': 'Si se pierde esta computadora, también se pierde el libro contable.',
    'backup.action':
      'Haga una copia de seguridad ahora y guarde una copia sellada en una memoria USB (Configuración → Copias de seguridad).',
  },
)

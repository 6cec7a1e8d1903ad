import { defineCatalog } from './define'

/** The core's refusals about backup (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    'file.exists': '{path} already exists: choose a new file name (a backup never overwrites a file).',
    'file.exists.issue': 'already exists',
    'file.not_written': 'Could not write {path}: {reason}. No backup file was left there.',
    'file.not_written.issue': 'cannot be written',
    'file.unreadable': 'Cannot read {path}: {reason}.',
    'file.unreadable.issue': 'cannot be read',
    'file.not_backup': 'The backup file opened, but its contents are not a backup of this app.',
    'passphrase.issue': 'does not open the file',
    not_found: 'No backup {id} in {folder} (see backup.list).',
    'not_found.issue': 'is not a backup here',
    other_data_key:
      "This backup's secrets are sealed with another data key than this folder's (a backup file was restored here since it was made): restore it from a file made then, or from replaced-*/ with its data.key. Nothing was changed.",
    not_inspected: 'This is not the backup that was inspected (its checksum differs): inspect it again. Nothing was changed.',
    'not_inspected.issue': 'is not this backup',
    not_in_place: 'The restore could not put the backup in place ({reason}); the ledger in use was kept as it was.',
    open_elsewhere:
      'Another process has this data folder open (pid {pids}: the app, the bridge or satop run): close it first, then restore. Nothing was changed.',
    'ledger.checksum': 'The backup is damaged: its ledger does not match its checksum. Nothing was changed.',
    'ledger.newer':
      'The backup was made by a newer version of the app (schema {schema}, app {app_version}): update the app, then restore it. Nothing was changed.',
    'ledger.damaged': "The backup's ledger is damaged ({detail}). Nothing was changed.",
    'ledger.unreadable': "The backup's ledger cannot be read ({reason}). Nothing was changed.",
  },
  {
    'file.exists': '{path} ya existe: elija otro nombre de archivo (una copia de seguridad nunca sobrescribe un archivo).',
    'file.exists.issue': 'ya existe',
    'file.not_written': 'No se pudo escribir {path}: {reason}. No quedó ningún archivo de copia de seguridad ahí.',
    'file.not_written.issue': 'no se puede escribir',
    'file.unreadable': 'No se puede leer {path}: {reason}.',
    'file.unreadable.issue': 'no se puede leer',
    'file.not_backup': 'El archivo de copia de seguridad se abrió, pero su contenido no es una copia de seguridad de esta aplicación.',
    'passphrase.issue': 'no abre el archivo',
    not_found: 'No hay ninguna copia de seguridad {id} en {folder} (vea backup.list).',
    'not_found.issue': 'no es una copia de seguridad de esta carpeta',
    other_data_key:
      'Los secretos de esta copia de seguridad están sellados con una clave de datos distinta de la de esta carpeta (aquí se restauró un archivo de copia de seguridad después de que se hizo): restáurela desde un archivo hecho en ese momento, o desde replaced-*/ con su data.key. No se cambió nada.',
    not_inspected:
      'Esta no es la copia de seguridad que se revisó (su suma de verificación es distinta): revísela de nuevo. No se cambió nada.',
    'not_inspected.issue': 'no corresponde a esta copia de seguridad',
    not_in_place:
      'La restauración no pudo poner la copia de seguridad en su lugar ({reason}); el libro contable en uso se dejó como estaba.',
    open_elsewhere:
      'Otro proceso tiene abierta esta carpeta de datos (pid {pids}: la aplicación, el puente o satop run): ciérrelo primero y luego restaure. No se cambió nada.',
    'ledger.checksum': 'La copia de seguridad está dañada: su libro contable no coincide con su suma de verificación. No se cambió nada.',
    'ledger.newer':
      'La copia de seguridad se hizo con una versión más reciente de la aplicación (esquema {schema}, aplicación {app_version}): actualice la aplicación y luego restáurela. No se cambió nada.',
    'ledger.damaged': 'El libro contable de la copia de seguridad está dañado ({detail}). No se cambió nada.',
    'ledger.unreadable': 'No se puede leer el libro contable de la copia de seguridad ({reason}). No se cambió nada.',
  },
)

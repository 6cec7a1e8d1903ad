import { defineCatalog } from './define'

/**
 * The core's refusals about signer (English, then Spanish); a `….issue` is a field problem, said after the field's name.
 * The signer already in place is a word of the sentence, so each has its key (`already.<mode>`).
 */
export default defineCatalog(
  {
    'unlock.no_key': 'There is no local key to unlock: create or import one first.',
    'unlock.no_keychain':
      'The OS keychain that protects this key is not available in this process (the CLI and browser mode have none); use the desktop app.',
    'unlock.wrong_passphrase': 'The passphrase does not open this key.',
    'unlock.wrong_passphrase.issue': 'does not open the key',
    'disconnect.forget': 'This deletes the local key for good (keep a backup of it first). Repeat with forget_local_key: true to do it.',
    'disconnect.forget.issue': 'must be true to delete the local key',
    'already.local': "A local key is already the operator's signer; disconnect it first (signer.disconnect).",
    'already.bunker': "A bunker is already the operator's signer; disconnect it first (signer.disconnect).",
    'passphrase.required': 'No OS keychain is available here: choose a passphrase (at least 8 characters) to protect the key.',
    'passphrase.required.issue': 'is required without an OS keychain',
    'key.format': 'key must be an nsec (nsec1…) or 64 hex characters',
    'key.format.issue': 'must be an nsec or 64 hex characters',
    'bunker.not_uri': 'uri is not a bunker:// address',
    'bunker.not_uri.issue': 'is not a bunker:// address',
    'bunker.format': 'uri must be bunker://<64 hex>?relay=wss://… (with at least one relay)',
    'bunker.format.issue': 'must name the signer and at least one relay',
  },
  {
    'unlock.no_key': 'No hay ninguna clave local que desbloquear: primero cree o importe una.',
    'unlock.no_keychain':
      'El llavero del sistema que protege esta clave no está disponible en este proceso (la línea de comandos y el modo navegador no tienen); use la aplicación de escritorio.',
    'unlock.wrong_passphrase': 'La frase de contraseña no abre esta clave.',
    'unlock.wrong_passphrase.issue': 'no abre la clave',
    'disconnect.forget':
      'Esto borra la clave local para siempre (antes guarde una copia de seguridad de ella). Repita con forget_local_key: true para hacerlo.',
    'disconnect.forget.issue': 'debe ser true para borrar la clave local',
    'already.local': 'Una clave local ya es el firmante del operador; desconéctela primero (signer.disconnect).',
    'already.bunker': 'Un bunker ya es el firmante del operador; desconéctelo primero (signer.disconnect).',
    'passphrase.required':
      'Aquí no hay llavero del sistema disponible: elija una frase de contraseña (al menos 8 caracteres) para proteger la clave.',
    'passphrase.required.issue': 'es obligatoria si no hay llavero del sistema',
    'key.format': 'key debe ser una nsec (nsec1…) o 64 caracteres hexadecimales',
    'key.format.issue': 'debe ser una nsec o 64 caracteres hexadecimales',
    'bunker.not_uri': 'uri no es una dirección bunker://',
    'bunker.not_uri.issue': 'no es una dirección bunker://',
    'bunker.format': 'uri debe ser bunker://<64 hex>?relay=wss://… (con al menos un relé)',
    'bunker.format.issue': 'debe indicar el firmante y al menos un relé',
  },
)

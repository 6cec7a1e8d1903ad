import { defineCatalog } from './define'

/** The core's refusals about machines (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    not_found: 'No machine with id {id}.',
    'pubkey.operator':
      "This is the operator's own Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the operator's.",
    'pubkey.operator.issue': "is the operator's own key",
    'pubkey.platform':
      "This is the platform's Nostr key. Each ATM needs its own key pair: events the ATM signs must never be mistaken for the platform's.",
    'pubkey.platform.issue': "is the platform's key",
    'pubkey.taken': 'Machine "{name}" ({id}) already uses this public key. Each ATM has its own key.',
    'pubkey.taken.issue': 'is already used by another machine',
    'currency.locked':
      'Machine "{name}" already has deposits or settlements in {currency}; its currency cannot change. Add a new machine for {new_currency}.',
    'currency.locked.issue': 'cannot change once the machine has history',
    'machine_key.operator':
      'This is the key of machine "{name}". The operator signs with a key of its own: events an ATM signs must never be mistaken for the operator\'s. Nothing was changed.',
    'machine_key.platform':
      'This is the key of machine "{name}". The platform signs with a key of its own: events an ATM signs must never be mistaken for the platform\'s. Nothing was changed.',
    'machine_key.issue': 'is machine "{name}"\'s key',
  },
  {
    not_found: 'No hay ningún cajero con el id {id}.',
    'pubkey.operator':
      'Esta es la clave Nostr del propio operador. Cada cajero necesita su propio par de claves: los eventos que firma el cajero nunca deben confundirse con los del operador.',
    'pubkey.operator.issue': 'es la clave del propio operador',
    'pubkey.platform':
      'Esta es la clave Nostr de la plataforma. Cada cajero necesita su propio par de claves: los eventos que firma el cajero nunca deben confundirse con los de la plataforma.',
    'pubkey.platform.issue': 'es la clave de la plataforma',
    'pubkey.taken': 'El cajero "{name}" ({id}) ya usa esta clave pública. Cada cajero tiene su propia clave.',
    'pubkey.taken.issue': 'ya la usa otro cajero',
    'currency.locked':
      'El cajero "{name}" ya tiene depósitos o liquidaciones en {currency}; su moneda no puede cambiar. Agregue un cajero nuevo para {new_currency}.',
    'currency.locked.issue': 'no puede cambiar una vez que el cajero tiene historial',
    'machine_key.operator':
      'Esta es la clave del cajero "{name}". El operador firma con una clave propia: los eventos que firma un cajero nunca deben confundirse con los del operador. No se cambió nada.',
    'machine_key.platform':
      'Esta es la clave del cajero "{name}". La plataforma firma con una clave propia: los eventos que firma un cajero nunca deben confundirse con los de la plataforma. No se cambió nada.',
    'machine_key.issue': 'es la clave del cajero "{name}"',
  },
)

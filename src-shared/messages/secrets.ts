import { defineCatalog } from './define'

/** The core's refusals about secrets (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    not_passphrase: 'The data key is not protected by a passphrase.',
    'passphrase.wrong': 'That passphrase does not open the data key. Nothing was changed.',
    'passphrase.wrong.issue': 'does not open the data key',
    no_keychain:
      'There is no OS keychain in this process (the CLI and browser mode have none, nor a Linux desktop without a keyring): choose a passphrase instead.',
  },
  {
    not_passphrase: 'La clave de datos no está protegida con una frase de contraseña.',
    'passphrase.wrong': 'Esa frase de contraseña no abre la clave de datos. No se cambió nada.',
    'passphrase.wrong.issue': 'no abre la clave de datos',
    no_keychain:
      'En este proceso no hay llavero del sistema (la línea de comandos y el modo navegador no tienen, ni un escritorio Linux sin llavero): elija una frase de contraseña.',
  },
)

import { defineCatalog } from './define'

/** The core's refusals about wallets (English, then Spanish); a `….issue` is a field problem, said after the field's name. */
export default defineCatalog(
  {
    not_found: 'No wallet binding with id {id}.',
    no_keys: 'Wallet {id} has no keys stored.',
    'machine.has_wallet': 'This machine already has a wallet bound ({id}); rotate its keys instead.',
    'machine.has_wallet.issue': 'already has a wallet',
    shared: 'That LNbits wallet is already the wallet of machine "{name}": each machine needs a wallet of its own.',
    'shared.issue': 'opens a wallet another machine uses',
    'rotate.other_wallet': 'The new key opens a different LNbits wallet than the one bound; bind that wallet separately.',
    'rotate.other_wallet.issue': 'belongs to another wallet',
    'keys.unchecked': 'The keys could not be checked.',
    'keys.admin_is_invoice': "The admin key is an invoice key: paste the wallet's admin key.",
    'keys.different_wallets': 'The two keys belong to different LNbits wallets.',
    'keys.not_admin.issue': 'is not an admin key of this LNbits',
    'keys.unknown.issue': 'is not a key of this LNbits',
    'keys.other_wallet.issue': 'belongs to another wallet than the admin key',
  },
  {
    not_found: 'No hay ninguna billetera vinculada con el id {id}.',
    no_keys: 'La billetera {id} no tiene claves guardadas.',
    'machine.has_wallet': 'Este cajero ya tiene una billetera vinculada ({id}); en su lugar, reemplace sus claves.',
    'machine.has_wallet.issue': 'ya tiene una billetera',
    shared: 'Esa billetera de LNbits ya es la billetera del cajero "{name}": cada cajero necesita su propia billetera.',
    'shared.issue': 'abre una billetera que usa otro cajero',
    'rotate.other_wallet': 'La clave nueva abre una billetera de LNbits distinta de la vinculada; vincule esa billetera por separado.',
    'rotate.other_wallet.issue': 'pertenece a otra billetera',
    'keys.unchecked': 'No se pudieron verificar las claves.',
    'keys.admin_is_invoice': 'La clave de administración es una clave de facturas: pegue la clave de administración de la billetera.',
    'keys.different_wallets': 'Las dos claves pertenecen a billeteras de LNbits distintas.',
    'keys.not_admin.issue': 'no es una clave de administración de este LNbits',
    'keys.unknown.issue': 'no es una clave de este LNbits',
    'keys.other_wallet.issue': 'pertenece a una billetera distinta de la de la clave de administración',
  },
)

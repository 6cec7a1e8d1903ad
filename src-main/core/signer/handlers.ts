import type { Handler } from '../env'

// The signer's commands: thin over the core's SignerHost (which keeps the secret key to itself).
export const signerStatus: Handler<'signer.status'> = (_args, env) => env.signer.status()
export const createLocalSigner: Handler<'signer.createLocal'> = (args, env) => env.signer.createLocal(args.passphrase, env.actor)
export const importLocalSigner: Handler<'signer.importLocal'> = (args, env) => env.signer.importLocal(args.key, args.passphrase, env.actor)
export const unlockSigner: Handler<'signer.unlock'> = (args, env) => env.signer.unlock(args.passphrase)
export const connectBunker: Handler<'signer.connectBunker'> = (args, env) =>
  args.uri ? env.signer.connectBunker(args.uri, env.actor) : env.signer.offerPairing(args.nostrconnect_relays!, env.actor)
export const disconnectSigner: Handler<'signer.disconnect'> = (args, env) => env.signer.disconnect(args.forget_local_key, env.actor)

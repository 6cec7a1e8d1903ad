import type { Handler } from '../env'
import { verifyCommissions } from './commissions'

export const verifyCommissionsHandler: Handler<'reconcile.verifyCommissions'> = (args, env) => verifyCommissions(env.db, args.machine_id)

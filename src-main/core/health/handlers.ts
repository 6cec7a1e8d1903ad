import type { Handler } from '../env'
import { healthOf } from './checks'

export const getHealth: Handler<'health.get'> = (_args, env) => healthOf(env)

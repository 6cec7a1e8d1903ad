import type { CommandName, ParsedArgsOf, ResultOf } from '../../src-shared/contract/commands'
import type { HandlerEnv } from './env'

export type Handler<N extends CommandName> = (args: ParsedArgsOf<N>, env: HandlerEnv) => Promise<ResultOf<N>>

/** The one implementation table: a missing command is a type error, not a runtime surprise. */
export type HandlerTable = { [N in CommandName]: Handler<N> }

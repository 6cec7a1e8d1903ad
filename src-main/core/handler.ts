import type { CommandName, ParsedArgsOf, ResultOf, commandSpecs } from '../../src-shared/contract/commands'
import type { EnvFor } from './env'

/** One command's implementation; its environment follows the command's transaction mode. */
export type Handler<N extends CommandName> = (args: ParsedArgsOf<N>, env: EnvFor<(typeof commandSpecs)[N]['tx']>) => Promise<ResultOf<N>>

/** The one implementation table: a missing command is a type error, not a runtime surprise. */
export type HandlerTable = { [N in CommandName]: Handler<N> }

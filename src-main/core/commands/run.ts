import type { Kysely } from 'kysely'
import { commandSpecs, type CommandName } from '../../../src-shared/contract/commands'
import { parseArgs } from '../../../src-shared/contract/args'
import type { PushEvent } from '../../../src-shared/contract/events'
import { appendAudit } from '../audit/log'
import type { CallContext, CommandEnv, OwnEnv, TxEnv } from '../env'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import { handlers } from './table'

/** What every command shares for the life of the core. */
export type CoreServices = Omit<CommandEnv, 'db' | 'command' | 'actor' | 'emit'>

/**
 * Runs one command by its spec row: validates the args, then runs the handler as its
 * transaction mode says (`write`: one transaction with its audit rows; `own`: the handler's
 * `transaction` steps; `read`: on the ledger). Events are delivered once their writes commit.
 */
export function commandRunner(ledger: Kysely<Database>, services: CoreServices, deliver: (events: PushEvent[]) => void) {
  return async function run(name: CommandName, rawArgs: unknown, ctx: CallContext): Promise<unknown> {
    const spec = commandSpecs[name]
    const args = parseArgs(spec.args, rawArgs)
    const handler = handlers[name] as (args: unknown, env: TxEnv & OwnEnv) => Promise<unknown>
    const committed: PushEvent[] = []
    const base: CommandEnv = { ...services, db: ledger, command: name, actor: ctx.actor, emit: (e) => committed.push(e) }
    // One write transaction: its audit rows and events commit, or are dropped, with it.
    const transaction = <T>(fn: (tx: TxEnv) => Promise<T>): Promise<T> =>
      inWriteTransaction(ledger, async (trx) => {
        const pending: PushEvent[] = []
        const tx: TxEnv = {
          ...base,
          db: trx,
          emit: (e) => pending.push(e),
          audit: (entry) => appendAudit(trx, services.now(), { ...entry, command: name, actor: ctx.actor }),
        }
        const result = await fn(tx)
        committed.push(...pending)
        return result
      })
    const notInTransaction = () => Promise.reject(new Error(`${name} wrote an audit row outside a transaction`))
    try {
      if (spec.tx === 'write') return await transaction((tx) => handler(args, { ...tx, transaction: (fn) => fn(tx) }))
      return await handler(args, { ...base, audit: notInTransaction, transaction })
    } finally {
      // What committed is announced even when a later step of an `own` command failed.
      deliver(committed)
    }
  }
}

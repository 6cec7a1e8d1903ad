import type { Kysely } from 'kysely'
import { commandSpecs, type CommandName } from '../../../src-shared/contract/commands'
import { parseArgs } from '../../../src-shared/contract/args'
import type { PushEvent } from '../../../src-shared/contract/events'
import { appendAudit } from '../audit/log'
import type { CallContext, CommandEnv, HandlerTable, OwnEnv, TxEnv } from '../env'
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
export function commandRunner(
  ledger: Kysely<Database>,
  services: CoreServices,
  deliver: (events: PushEvent[]) => void,
  table: HandlerTable = handlers,
) {
  return async function run(name: CommandName, rawArgs: unknown, ctx: CallContext): Promise<unknown> {
    const spec = commandSpecs[name]
    const args = parseArgs(spec.args, rawArgs)
    const handler = table[name] as (args: unknown, env: CommandEnv | TxEnv | OwnEnv) => Promise<unknown>
    // Events emitted outside a transaction, and those of transactions that committed.
    const outbound: PushEvent[] = []
    const base: CommandEnv = { ...services, db: ledger, command: name, actor: ctx.actor, emit: (e) => outbound.push(e) }
    let open = false
    const transaction = async <T>(fn: (tx: TxEnv) => Promise<T>): Promise<T> => {
      // A step inside a step would wait for the write lock its own transaction holds.
      if (open) throw new Error(`${name} opened a transaction inside another`)
      open = true
      const pending: PushEvent[] = []
      let live = true
      const inTx = () => {
        if (!live) throw new Error(`${name} used a transaction after it ended`)
      }
      try {
        const result = await inWriteTransaction(ledger, async (trx) => {
          const tx: TxEnv = {
            ...base,
            db: trx,
            emit: (e) => {
              inTx()
              pending.push(e)
            },
            audit: async (entry) => {
              inTx()
              await appendAudit(trx, services.now(), { ...entry, command: entry.command ?? name, actor: ctx.actor })
            },
          }
          return fn(tx)
        })
        // Only now has it committed: a rolled-back transaction's events are never announced.
        outbound.push(...pending)
        return result
      } finally {
        live = false
        open = false
      }
    }
    try {
      if (spec.tx === 'write') return await transaction((tx) => handler(args, tx))
      if (spec.tx === 'own') return await handler(args, { ...base, transaction })
      return await handler(args, base)
    } finally {
      // What committed is announced even when a later step of an `own` command failed.
      deliver(outbound)
    }
  }
}

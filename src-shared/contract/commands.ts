import type { z } from 'zod'
import { MachineCreateArgs, MachineGetArgs, MachineListArgs, type Machine } from '../domain/machine'

/**
 * The command contract: every operation the UI, the CLI and scripts can ask of the core.
 * Names follow DESIGN §9. Args are zod schemas (validated by the core on every call);
 * results are typed here and produced by the one implementation table in src-main/core.
 */
export const commandSpecs = {
  'machines.create': { args: MachineCreateArgs, mutates: true, summary: 'Add an ATM to the ledger' },
  'machines.list': { args: MachineListArgs, mutates: false, summary: 'List machines, oldest first, a page at a time' },
  'machines.get': { args: MachineGetArgs, mutates: false, summary: 'One machine by id' },
} as const satisfies Record<string, { args: z.ZodType; mutates: boolean; summary: string }>

export type CommandName = keyof typeof commandSpecs

export const COMMAND_NAMES = Object.keys(commandSpecs) as CommandName[]

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSpecs, name)
}

export interface Page<T> {
  items: T[]
  /** pass back as `cursor` for the next page; null on the last page */
  next_cursor: string | null
}

export interface CommandResults {
  'machines.create': Machine
  'machines.list': Page<Machine>
  'machines.get': Machine
}

/** What a caller sends (before defaults and normalisation). */
export type ArgsOf<N extends CommandName> = z.input<(typeof commandSpecs)[N]['args']>
/** What the implementation receives (validated, normalised). */
export type ParsedArgsOf<N extends CommandName> = z.output<(typeof commandSpecs)[N]['args']>
export type ResultOf<N extends CommandName> = CommandResults[N]

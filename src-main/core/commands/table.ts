import type { HandlerTable } from './handler'
import { createMachine, getMachine, listMachines } from './machines'

export const handlers: HandlerTable = {
  'machines.create': createMachine,
  'machines.list': listMachines,
  'machines.get': getMachine,
}

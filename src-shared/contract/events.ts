/** Server-to-UI pushes: typed events on the same contract as the commands. */
export interface EventPayloads {
  /** a machine was created or changed */
  'machines.changed': { id: string }
}

export type EventName = keyof EventPayloads

export type PushEvent = { [K in EventName]: { name: K; payload: EventPayloads[K] } }[EventName]

import { ref, shallowRef } from 'vue'
import { Notify } from 'quasar'
import { CommandError } from '../../../src-shared/contract/errors'
import { coreText } from '../i18n/core-text'

/** How a failed command is told to the operator; the default is the core's message as it came. */
export interface Report {
  /** words the notification around the core's message (e.g. naming the LP it was about) */
  message?: (text: string) => string
  /** how long the notification stays, in ms (default: the app's, set in main.ts) */
  timeout?: number
}

/** The message to show for anything a call threw, in the language in use where the core's catalog has it. */
export function errorText(e: unknown): string {
  return e instanceof CommandError ? coreText(e.ref, e.message) : String(e)
}

/** Anything a call threw, as the CommandError the forms read (`issues` per field); not a CommandError: `internal`. */
export function asCommandError(e: unknown): CommandError {
  return e instanceof CommandError ? e : new CommandError('internal', String(e))
}

/** The app's one way of saying a command failed: a red notification with the core's message. Stores use it too. */
export function reportError(e: unknown, report: Report = {}): void {
  const text = errorText(e)
  Notify.create({
    type: 'negative',
    message: report.message ? report.message(text) : text,
    ...(report.timeout ? { timeout: report.timeout } : {}),
  })
}

/**
 * Runs a command (a store's mutation or load that throws) for a view: `busy` while it runs; a failure is
 * reported the app's one way and `run` resolves undefined, else the result. With `report: false` nothing is
 * shown and `error` holds the CommandError, for a caller that shows it itself (a form, against its fields).
 */
export function useCommand() {
  const busy = ref(false)
  const error = shallowRef<CommandError | null>(null)

  async function run<T>(action: () => Promise<T>, report: Report | false = {}): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await action()
    } catch (e) {
      error.value = asCommandError(e)
      if (report) reportError(e, report)
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}

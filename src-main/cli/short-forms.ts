/**
 * The short forms (docs/commands.md#short-forms): for the day the window will not open, the few
 * things an operator does by hand, each one command of the table (or two, for a restore that
 * shows what it will put back before it does).
 */
export interface ShortForm {
  /** the command it runs */
  command: string
  /** its args from the words after the verb */
  args(words: string[]): unknown
}

export const SHORT_FORMS: Record<string, ShortForm> = {
  status: { command: 'sync.status', args: () => ({}) },
  pause: { command: 'processing.pause', args: (w) => ({ reason: w.join(' ') }) },
  resume: { command: 'processing.resume', args: (w) => ({ mode: w[0] === 'one' ? 'one' : 'all' }) },
  'audit-verify': { command: 'audit.verify', args: () => ({}) },
}

export const SHORT_USAGE = `Short forms (each prints the command's JSON, like satop call):
  satop status                     how far each machine wallet was read (sync.status)
  satop pause [reason…]            pause ingestion and payouts (processing.pause)
  satop resume [one]               resume all, or process one settlement and stay paused
  satop audit-verify               check the audit chain (exit 3 when it does not hold)
  satop backup [--to FILE] [--backup-passphrase-file FILE | -]
                                   back up into the data folder, or seal into FILE
  satop restore BACKUP_ID | FILE [--backup-passphrase-file FILE | -] [--yes]
                                   show what the backup holds, then put it in place`

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
  health: { command: 'health.get', args: () => ({}) },
  pause: { command: 'processing.pause', args: (w) => ({ reason: w.join(' ') }) },
  resume: { command: 'processing.resume', args: (w) => ({ mode: w[0] === 'one' ? 'one' : 'all' }) },
  'audit-verify': { command: 'audit.verify', args: () => ({}) },
  reconcile: { command: 'reconcile.run', args: (w) => (w[0] ? { wallet_id: w[0] } : {}) },
  'verify-commissions': { command: 'reconcile.verifyCommissions', args: () => ({}) },
}

/** `satop export WHAT [ARG]`: the CSV itself on stdout (redirect it to a file). */
export function exportArgs(words: string[]): { ok: true; args: unknown } | { ok: false; message: string } {
  const [what, arg] = words
  if (what === 'settlements' || what === 'payments') return { ok: true, args: { what } }
  if (what === 'table' && arg) return { ok: true, args: { what, table: arg } }
  if ((what === 'lp-statement' || what === 'koinly') && arg)
    return { ok: true, args: { what: what === 'koinly' ? 'koinly' : 'lp_statement', id: arg } }
  return {
    ok: false,
    message: `Say what to export: table NAME, settlements, payments, lp-statement LP_ID or koinly LP_ID.\n${SHORT_USAGE}`,
  }
}

export const SHORT_USAGE = `Short forms (each prints the command's JSON, like satop call):
  satop status                     how far each machine wallet was read (sync.status)
  satop health                     every health check: what it means and what to do (exit 3 on a problem)
  satop pause [reason…]            pause ingestion and payouts (processing.pause)
  satop resume [one]               resume all, or process one settlement and stay paused
  satop audit-verify               check the audit chain (exit 3 when it does not hold)
  satop reconcile [WALLET_ID]      each wallet against LNbits (exit 3 on a mismatch)
  satop verify-commissions         plan every settlement again (exit 3 when one differs)
  satop export table NAME | settlements | payments | lp-statement LP_ID | koinly LP_ID
                                   the CSV on stdout: satop export payments > payments.csv
  satop backup [--to FILE] [--backup-passphrase-file FILE | -]
                                   back up into the data folder, or seal into FILE
  satop restore BACKUP_ID | FILE [--backup-passphrase-file FILE | -] [--yes]
                                   show what the backup holds, then put it in place`

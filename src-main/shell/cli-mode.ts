/**
 * `SatMachine Operator --cli <command> …`: the installed app answers as `satop` does, with no
 * window, so the CLI exists wherever the app is installed. The arguments after `--cli`, or null
 * for the desktop app.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli')
  return at === -1 ? null : argv.slice(at + 1)
}

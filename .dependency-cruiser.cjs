/**
 * The layer rule (docs/architecture.md#layers), enforced (npm run check:layers, and test/unit/layers.test.ts):
 *   src-shared   imports nothing of ours and nothing from Node or Electron
 *                (no DOM either: tsconfig.shared.json leaves the DOM library out)
 *   core         imports src-shared (and the bundled migrations) only; never electron
 *   shell/bridge/cli import core and src-shared, not each other (the shell may run the CLI's
 *                process entry, for the installed app's --cli)
 *   src-renderer imports src-shared only
 *   electron     is imported by src-main/shell and nothing else
 *   atm-sim      (the ATM simulator, a dev tool) imports src-shared only; nothing imports it
 *   a command handler (src-main/core/<domain>/handlers.ts) is imported by the command table only
 *   no import cycles anywhere
 * Type-only imports count too: a layer that needs another's types needs its design fixed.
 */
const ELECTRON = '^electron$|(^|/)node_modules/electron/'

module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer|migrations)/' },
    },
    {
      name: 'shared-no-node',
      comment: 'src-shared runs in the renderer and the core alike: no Node built-ins.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-shell',
      comment: "Only the Electron shell may import 'electron'; everything else must run under plain Node or a browser.",
      severity: 'error',
      from: { pathNot: '^src-main/shell/' },
      to: { path: ELECTRON },
    },
    {
      name: 'core-imports-shared-only',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: '^(src-renderer|src-main/(?!core/))' },
    },
    {
      name: 'transports-do-not-import-each-other',
      comment:
        "shell, bridge and cli are thin adapters over the core; none builds on another. One exception: the installed desktop app answers `--cli` by running the CLI's process entry (src-main/cli/process-io.ts), since its fuses keep it from running as plain Node.",
      severity: 'error',
      from: { path: '^src-main/(shell|bridge|cli)/' },
      to: { path: '^src-main/(shell|bridge|cli)/', pathNot: ['^src-main/$1/', '^src-main/cli/process-io\\.ts$'] },
    },
    {
      name: 'core-process-is-a-transport',
      comment:
        'The core in a process of its own speaks to the shell by messages: it imports the core and src-shared, and only the shell imports it (its client).',
      severity: 'error',
      from: { path: '^src-main/core-process/' },
      to: { path: '^src-main/(shell|bridge|cli|atm-sim)/' },
    },
    {
      name: 'only-the-shell-talks-to-the-core-process',
      severity: 'error',
      from: { path: '^src-main/(?!shell/|core-process/)' },
      to: { path: '^src-main/core-process/' },
    },
    {
      name: 'only-the-shell-runs-the-cli-entry',
      severity: 'error',
      from: { path: '^src-main/bridge/' },
      to: { path: '^src-main/cli/' },
    },
    {
      name: 'atm-sim-is-not-the-app',
      comment: 'The ATM simulator plays the ATM: it speaks LNbits and the wire formats (src-shared), never through the app.',
      severity: 'error',
      from: { path: '^src-main/atm-sim/' },
      to: { path: '^src-main/(?!atm-sim/)' },
    },
    {
      name: 'nothing-of-the-app-imports-the-atm-sim',
      severity: 'error',
      from: { path: '^(src-shared|src-renderer|src-main/(?!atm-sim/))' },
      to: { path: '^src-main/atm-sim/' },
    },
    {
      name: 'renderer-imports-shared-only',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|migrations)/' },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'migrations-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src-' },
    },
    {
      name: 'handlers-only-from-the-command-table',
      comment:
        'A command handler is reached through the command table only; what two commands share lives in its domain (rules, queries, views), never in a handler.',
      severity: 'error',
      from: { pathNot: '^src-main/core/commands/table\\.ts$' },
      to: { path: '^src-main/core/[^/]+/handlers\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment: 'Modules form layers, not loops: a cycle (type-only imports included) hides which of two modules is the lower one.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve hides a layer crossing (and breaks the build).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(out|test/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
}

/**
 * The layer rule of DESIGN §1, enforced (npm run check:layers, and test/unit/layers.test.ts):
 *   src-shared   imports nothing of ours and nothing from Node or Electron
 *                (no DOM either: tsconfig.shared.json leaves the DOM library out)
 *   core         imports src-shared (and the bundled migrations) only; never electron
 *   shell/bridge/cli import core and src-shared, not each other
 *   src-renderer imports src-shared only
 *   electron     is imported by src-main/shell and nothing else
 *   atm-sim      (the ATM simulator, a dev tool) imports src-shared only; nothing imports it
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
      comment: 'shell, bridge and cli are thin adapters over the core; none builds on another.',
      severity: 'error',
      from: { path: '^src-main/(shell|bridge|cli)/' },
      to: { path: '^src-main/(shell|bridge|cli)/', pathNot: '^src-main/$1/' },
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

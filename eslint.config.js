// Lint: a short rule set on top of the recommended ones; formatting is prettier's (npm run format).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.satop-native/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    rules: {
      // vue-tsc checks names in .vue files, as tsc does in .ts files.
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      // A floating promise in the core is a swallowed error; `void` says it is on purpose.
      'no-void': 'off',
    },
  },
  {
    // The window has no log file: a frame the bridge could not deliver goes to the devtools console.
    files: ['src-renderer/src/transport/**'],
    rules: { 'no-console': ['error', { allow: ['error'] }] },
  },
  {
    // The e2e tests print what they measure (a time is printed, never asserted).
    files: ['test/e2e/**'],
    rules: { 'no-console': ['error', { allow: ['info'] }] },
  },
  {
    // The benchmarks and the build scripts report on the terminal.
    files: ['bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
)

// ESLint flat config. Import boundaries are enforced here, not hoped for:
// - src/main/core and src/main/local-platform never import electron;
// - src/renderer never imports main, Node modules or electron;
// - raw ipcMain/ipcRenderer only in src/main/electron and src/preload.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'No default exports (house style).' },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/main/electron/**', 'src/main/host-electron.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron may import electron.' }] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeModules].map((name) => ({
            name,
            message: 'src/shared runs anywhere.',
          })),
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'src/shared imports nothing app-side.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeModules].map((name) => ({
            name,
            message: 'The renderer runs sandboxed: no Node or Electron modules.',
          })),
          patterns: [
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer never imports main or preload.',
            },
          ],
        },
      ],
    },
  },
  {
    // Size limits for app code (tests exempt): a function fits on a screen or two, a file is one job.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // React hooks: the rules of hooks and the compiler-backed checks, all as errors.
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: Object.fromEntries(
      Object.keys(reactHooks.configs.recommended.rules).map((rule) => [rule, 'error']),
    ),
  },
  {
    // Node scripts and test helpers written in plain JavaScript.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tool configs must default-export their config.
    files: ['vite.config.ts', 'vitest.config.ts', 'vitest.e2e.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

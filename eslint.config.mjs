// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layer boundaries (see DESIGN.md): renderer -> shared; preload -> shared +
 * electron; main/server -> core -> shared; only core/runtime imports dockerode.
 * Each layer lists what it must not import.
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'crypto',
  'stream',
];
const layer = (files, patterns, paths = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        // `**/core/**` also forbids the folder itself (`../core`).
        // A group given as an array is used as is (for exceptions: `!**/server/http-host`).
        patterns: patterns.map((group) => ({
          group: Array.isArray(group)
            ? group
            : /^\*\*\/\w+\/\*\*$/.test(group)
              ? [group, group.slice(0, -3)]
              : [group],
          message: `not allowed in this layer (${files[0]})`,
        })),
        paths,
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'reports/**',
      'lab-images/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(
    ['src/shared/**'],
    [
      ...nodeBuiltins,
      'electron',
      'dockerode',
      'react',
      '**/core/**',
      '**/renderer/**',
      '**/main/**',
      '**/server/**',
      '**/preload/**',
    ],
  ),
  layer(
    ['src/renderer/**'],
    [
      ...nodeBuiltins,
      'electron',
      'dockerode',
      'ioredis',
      '**/core/**',
      '**/main/**',
      '**/server/**',
      '**/preload/**',
    ],
  ),
  layer(
    ['src/preload/**'],
    [
      ...nodeBuiltins.filter((m) => m !== 'node:*'),
      'dockerode',
      '**/core/**',
      '**/renderer/**',
      '**/main/**',
      '**/server/**',
    ],
  ),
  layer(
    ['src/core/**'],
    ['electron', 'react', '**/renderer/**', '**/main/**', '**/server/**', '**/preload/**'],
  ),
  layer(
    ['src/server/**'],
    ['electron', 'dockerode', '**/renderer/**', '**/main/**', '**/preload/**', '**/core/*/**'],
  ),
  // Electron main may host the trainees' room with the server's HTTP host (and nothing else of it).
  layer(
    ['src/main/**'],
    [
      'dockerode',
      '**/renderer/**',
      ['**/server/**', '!**/server/http-host', '!**/server/origins', '!**/server/test-fake-engine'],
      '**/preload/**',
      '**/core/*/**',
    ],
  ),
  // Only core/runtime talks to Docker.
  layer(
    ['src/core/!(runtime)/**', 'src/core/*.ts'],
    [
      'electron',
      'react',
      'dockerode',
      'docker-modem',
      '**/renderer/**',
      '**/main/**',
      '**/server/**',
      '**/preload/**',
    ],
  ),
  // Integration tests check the engine's work on Docker directly, not through the code under test.
  {
    files: ['src/**/*.int.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Playwright fixtures without dependencies are declared as `async ({}, use) =>`.
  {
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);

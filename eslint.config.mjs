// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layer boundaries (see README.md, "How the code is laid out"): renderer -> shared; preload ->
 * shared + electron; main/server -> core -> shared; only core/runtime imports dockerode; the
 * workload client (src/workload, bundled into lab containers) imports Node built-ins and
 * shared's types only. Inside core, grading and the debrief are pure (no runtime, session,
 * lab, probe, fault...; the debrief builds on grading, not the other way round) and runtime
 * imports no other part of core.
 *
 * Each layer rule lists what its files must not import. For a file under several layer rules
 * the last one wins (ESLint replaces a rule's options, it does not merge them), so a narrower
 * rule repeats its wider one's list. Every layer rule also keeps test helpers (a `testing`
 * folder, such as src/core/testing) out of non-test files.
 *
 * Every folder with source files is placed by a layer rule: `placedFolders` lists today's
 * folders one by one and `systemSides` a system's own shared/engine/ui/grading folders; a
 * file in any other folder (a new one too) is an error until it is listed there under a layer
 * rule. Files over 400 lines of code are a warning (`max-lines`), not an error.
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
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
const toPattern = (files) => (group) =>
  // An object is a pattern as no-restricted-imports takes it (`regex`, `allowTypeImports`).
  typeof group === 'object' && !Array.isArray(group)
    ? { message: `not allowed in this layer (${files[0]})`, ...group }
    : {
        // `**/core/**` also forbids the folder itself (`../core`).
        // A group given as an array is used as is (for exceptions: `!**/server/http-host`).
        group: Array.isArray(group)
          ? group
          : /^\*\*\/\w+\/\*\*$/.test(group)
            ? [group, group.slice(0, -3)]
            : [group],
        message: `not allowed in this layer (${files[0]})`,
      };
/** Test helpers (src/core/testing, src/shared/testing, src/server/testing) are for tests: non-test files do not import them. */
const noTestHelpers = {
  group: ['**/testing/**', '**/testing'],
  message: 'test helpers are for tests (*.test.ts), not production code',
};
const layer = (files, patterns) => [
  {
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: patterns.map(toPattern(files)) }] },
  },
  {
    files,
    ignores: [...testFiles, 'src/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...patterns, noTestHelpers].map(toPattern(files)) },
      ],
    },
  },
];

/** Every folder with source files today; each is under a layer rule below. */
const placedFolders = [
  'src/shared',
  'src/shared/testing',
  'src/renderer/src',
  'src/renderer/src/charts',
  'src/renderer/src/client',
  'src/renderer/src/components',
  'src/renderer/src/components/gameday',
  'src/renderer/src/components/studio',
  'src/renderer/src/store',
  'src/renderer/src/test',
  'src/preload',
  'src/core',
  'src/core/actions',
  'src/core/consoles',
  'src/core/debrief',
  'src/core/engines',
  'src/core/faults',
  'src/core/gameday',
  'src/core/grading',
  'src/core/labs',
  'src/core/probes',
  'src/core/runtime',
  'src/core/runtime/images',
  'src/core/scenarios',
  'src/core/session',
  'src/core/systems',
  'src/core/testing',
  'src/core/workload',
  'src/server',
  'src/server/testing',
  'src/main',
  'src/workload',
];
/** One system's own code, by side: each side has its layer rule below. */
const systemSides = [
  'src/systems/*/shared/**',
  'src/systems/*/engine/**',
  'src/systems/*/ui/**',
  'src/systems/*/grading/**',
];

const sharedForbidden = [
  ...nodeBuiltins,
  'electron',
  'dockerode',
  'react',
  '**/core/**',
  '**/renderer/**',
  '**/main/**',
  '**/server/**',
  '**/preload/**',
];
const rendererForbidden = [
  ...nodeBuiltins,
  'electron',
  'dockerode',
  'ioredis',
  '**/core/**',
  '**/main/**',
  '**/server/**',
  '**/preload/**',
  '**/systems/*/engine/**',
];
const coreForbidden = [
  'electron',
  'react',
  '**/renderer/**',
  '**/main/**',
  '**/server/**',
  '**/preload/**',
];
const coreOutsideRuntimeForbidden = [...coreForbidden, 'dockerode', 'docker-modem'];
/** Grading and the debrief read a run's history: nothing that drives a lab or a run. */
const pureForbidden = [
  ...coreOutsideRuntimeForbidden,
  '**/runtime/**',
  '**/session/**',
  '**/labs/**',
  '**/probes/**',
  '**/faults/**',
  '**/actions/**',
  '**/consoles/**',
  // A system's pure part (its grading checks and debrief wording) is grading's to register.
  '**/systems/*/engine/**',
  '**/systems/*/ui/**',
  '**/gameday/**',
];

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
      // Long files show up (a warning), they do not fail lint.
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
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
  layer(['src/shared/**'], sharedForbidden),
  layer(['src/renderer/**'], rendererForbidden),
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
  layer(['src/core/**'], coreForbidden),
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
      [
        '**/server/**',
        '!**/server/http-host',
        '!**/server/origins',
        '!**/server/testing',
        '!**/server/testing/fake-engine',
      ],
      '**/preload/**',
      '**/core/*/**',
    ],
  ),
  // Only core/runtime talks to Docker.
  layer(['src/core/!(runtime)/**', 'src/core/*.ts'], coreOutsideRuntimeForbidden),
  // Runtime is core's bottom room: it imports shared and nothing else of core.
  layer(
    ['src/core/runtime/**'],
    [
      ...coreForbidden,
      // core's own modules: engine.ts, engine-types.ts, paths.ts and index.ts (`..`, `../..`)
      ['**/engine', '**/engine-types', '**/paths'],
      { regex: '^\\.\\.(/\\.\\.)?$' },
      ...[
        'actions',
        'consoles',
        'debrief',
        'faults',
        'gameday',
        'grading',
        'labs',
        'probes',
        'scenarios',
        'session',
        'systems',
        'testing',
        'workload',
      ].map((room) => `**/${room}/**`),
    ],
  ),
  // Grading and the debrief are pure functions of a run's history; the debrief builds on
  // grading, never the other way round.
  layer(['src/core/debrief/**'], pureForbidden),
  layer(['src/core/grading/**'], [...pureForbidden, '**/debrief/**']),
  // The workload client runs inside a lab container as one esbuild bundle with zero
  // dependencies (Node 18): Node built-ins, its own files and shared's types, nothing else.
  layer(
    ['src/workload/**'],
    [
      '**/core/**',
      '**/renderer/**',
      '**/main/**',
      '**/server/**',
      '**/preload/**',
      {
        group: ['**/shared/**', '**/shared'],
        allowTypeImports: true,
        message: 'the workload bundle takes types from shared, not code (`import type`)',
      },
      {
        // Any package (electron, react, dockerode included) but vitest in the tests.
        regex: '^(?!node:|\\.|vitest$)',
        message: 'the workload bundle has no dependencies: Node built-ins (node:*) only',
      },
    ],
  ),
  // A system's own code (src/systems/<system>/): shared like src/shared, engine like
  // core outside runtime, ui like the renderer; the ui never imports an engine.
  layer(['src/systems/*/shared/**'], [...sharedForbidden, '**/engine/**', '**/ui/**']),
  layer(['src/systems/*/engine/**'], [...coreOutsideRuntimeForbidden, '**/ui/**']),
  layer(['src/systems/*/ui/**'], [...rendererForbidden, '**/engine/**', '**/grading/**']),
  // Its grading side is pure, as core/grading and core/debrief are: it reads a run's history.
  layer(['src/systems/*/grading/**'], [...pureForbidden, '**/engine/**', '**/ui/**']),
  // A source file in a folder no layer rule places.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: [...placedFolders.map((folder) => `${folder}/*`), ...systemSides],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message: 'this folder has no layer rule: place it in eslint.config.mjs',
        },
      ],
    },
  },
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

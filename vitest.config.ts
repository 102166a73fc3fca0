import './scripts/node20-polyfills.cjs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const SELF_TEST = 'src/core/scenarios/scenario-self-test.int.test.ts';
/**
 * Three stale-leader labs in one engine: a load test of its own. Beside another integration
 * file (four labs and a file's worth of execs) one of its reference runs once saw no failover
 * before the scripted heal (CI, 1 run in 4), so it runs alone, before the self-test.
 */
const LABS_AT_ONCE = 'src/core/session/labs-at-once.int.test.ts';

/**
 * Three projects:
 * - unit: pure tests beside the code (node environment), fast, no Docker;
 * - renderer: React components in happy-dom;
 * - integration: against the real Docker engine (`*.int.test.ts`), two files at a time;
 * - self-test: the scenario self-test (every scenario's reference and wrong responses through
 *   the headless runner), several runs at once, and the labs-at-once load test alone before it;
 *   `npm test` runs it after the integration project.
 */
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/renderer/**', 'src/systems/*/ui/**'],
          // Beside the integration files too (see renderer).
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: [
            'src/renderer/**/*.test.ts',
            'src/renderer/**/*.test.tsx',
            'src/systems/*/ui/**/*.test.ts',
            'src/systems/*/ui/**/*.test.tsx',
          ],
          // The app's stylesheet as text (`styles.css?raw`), for tests of its layout rules.
          css: { include: [/styles\.css/] },
          // These run beside the integration files, which keep both cores busy: a screen test
          // that takes 0.7 s on a quiet machine took 3-5.4 s in CI (the default limit is 5 s).
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['src/**/*.int.test.ts'],
          exclude: [SELF_TEST, LABS_AT_ONCE],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Two files at a time (npm test passes --maxWorkers=2), each with its own labelled
          // labs; DOJO_INT_SERIAL=1 runs them one by one.
          fileParallelism: process.env.DOJO_INT_SERIAL !== '1',
        },
      },
      {
        extends: true,
        test: {
          name: 'self-test',
          environment: 'node',
          include: [SELF_TEST, LABS_AT_ONCE],
          // One file at a time: the labs-at-once test alone, then the self-test's pool.
          fileParallelism: false,
          testTimeout: 480_000,
          hookTimeout: 300_000,
          // Headless runs at once, each with its own lab (DOJO_SELF_TEST_CONCURRENCY=1 runs
          // them one by one). Measured on this 2-core machine (2026-12-06, 53 runs, warm images):
          // three at once 1054 s, four at once 759 s at 66% busy (1009 CPU-s), every run as
          // expected; five at once 673 s at 81% busy (1092 CPU-s), also as expected. Five: with
          // four, CI as a whole took 1543 s here (2026-12-06, e2e two at a time), too close to
          // its 25 minutes. A run costs 0.33-0.45 of a core on average (Redis 11 CPU-s in 25 s,
          // Patroni 27 in 77 s, keepalived 12 in 37 s); the peaks are bring-ups, which take
          // turns (machine-slots.ts).
          maxConcurrency: Number(process.env.DOJO_SELF_TEST_CONCURRENCY ?? 5),
        },
      },
    ],
  },
});

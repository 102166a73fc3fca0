import './scripts/node20-polyfills.cjs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Three projects:
 * - unit: pure tests beside the code (node environment), fast, no Docker;
 * - renderer: React components in happy-dom;
 * - integration: against the real Docker engine (`*.int.test.ts`), one file at a time.
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
          exclude: ['src/**/*.int.test.ts', 'src/renderer/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
          // The app's stylesheet as text (`styles.css?raw`), for tests of its layout rules.
          css: { include: [/styles\.css/] },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['src/**/*.int.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // Tests marked concurrent (the scenario self-test) run this many at a time: two
          // headless runs, each with its own lab, fit a 2-core machine with human-sized
          // grading bands (DOJO_SELF_TEST_CONCURRENCY=1 runs them one by one).
          maxConcurrency: Number(process.env.DOJO_SELF_TEST_CONCURRENCY ?? 2),
        },
      },
    ],
  },
});
